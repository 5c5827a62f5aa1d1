import { truthy } from "@stoplight/spectral-functions";
import owasp from "@stoplight/spectral-owasp-ruleset";
import { oas } from "@stoplight/spectral-rulesets";

const operations = "$.paths[*][get,put,post,delete,patch]";
const sharedErrorStatuses = ["400", "401", "403", "404", "405", "429", "500"];

/** Lints the bundled spec (dist/openapi.yaml): the document users generate from. */
export default {
  extends: [
    [oas, "recommended"],
    [owasp, "recommended"],
  ],
  rules: {
    // Dashly documents no rate-limit headers (only the 60-a-minute rule and the 429 answer); declaring some
    // would promise headers the API does not send.
    "owasp:api4:2023-rate-limit": "off",
    // A server-to-server API: Dashly documents no CORS, and keys must not be used from browsers.
    "owasp:api8:2023-define-cors-origin": "off",
    // The docs show `auth_token` in the query of every method, so the spec must describe it; the
    // `Authorization` header is declared too and is what clients should prefer.
    "owasp:api2:2023-no-api-keys-in-url": "off",
    // Message texts, names and URLs are free text: no format, pattern or enum can describe them.
    "owasp:api4:2023-string-restricted": "off",
    // Dashly IDs are unsigned 64-bit integers (up to 2^64-1), which neither int32 nor int64 describes; the
    // rule flags every use of the Id schema. The other integers of the spec carry a format.
    "owasp:api4:2023-integer-format": "off",

    "dashly-operation-summary": {
      description: "Every operation has a summary.",
      severity: "error",
      given: operations,
      then: { field: "summary", function: truthy },
    },
    "dashly-shared-errors": {
      description: "Every operation lists the shared error responses (400, 401, 403, 404, 405, 429, 500).",
      severity: "error",
      given: `${operations}.responses`,
      then: sharedErrorStatuses.map((status) => ({ field: status, function: truthy })),
    },
    "dashly-success-examples": {
      description: "Every success response has named examples.",
      severity: "error",
      given: `${operations}.responses.200.content[*]`,
      then: { field: "examples", function: truthy },
    },
    "dashly-request-examples": {
      description: "Every form request body (of an operation or a webhook) has named examples.",
      severity: "error",
      given: [
        "$.paths[*][*].requestBody.content[application/x-www-form-urlencoded]",
        "$.webhooks[*][*].requestBody.content[application/x-www-form-urlencoded]",
      ],
      then: { field: "examples", function: truthy },
    },
  },
};
