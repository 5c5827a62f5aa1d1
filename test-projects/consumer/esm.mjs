// Every public package imported from ESM, as a user would.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { createDashlyClient, DashlyApiError } from "@dashly/client";
import { prefer, startMock, strictFetch } from "@dashly/mock";
import document, { openapiYamlPath } from "@dashly/openapi";
import spec from "@dashly/openapi/openapi.json" with { type: "json" };
import { parseWebhook } from "@dashly/webhooks";
import { buildChatDelivery } from "@dashly/webhooks/testing";

assert.equal(typeof createDashlyClient, "function");
assert.equal(typeof DashlyApiError, "function");
assert.equal(typeof startMock, "function");
assert.equal(typeof strictFetch, "function");
assert.deepEqual(prefer({ code: 429 }), { Prefer: "code=429" });
assert.equal(spec.openapi, "3.1.0");
const { version } = createRequire(import.meta.url)("@dashly/openapi/package.json");
assert.equal(spec.info.version, version, "the spec's info.version follows the package version");
assert.deepEqual(document, spec, "the root export is the bundled document");
assert.ok(existsSync(openapiYamlPath), "openapiYamlPath names the bundled YAML file");

const delivery = buildChatDelivery(
  {
    id: "1160406004324630614",
    conversation: "64558819",
    type: "reply_user",
    direction: "u2a",
    body: "Hi",
    created: 1,
    from: "5",
  },
  { token: "t" },
);
const parsed = parseWebhook(delivery.body, { token: "t", contentType: delivery.headers["content-type"] });
assert.equal(parsed.type === "conversation" && parsed.part.id, "1160406004324630614");
console.log(`esm: ok (@dashly/openapi ${version})`);
