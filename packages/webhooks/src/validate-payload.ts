import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { WebhookPayloadError } from "./errors.ts";
import { perType } from "./form-fields.ts";
import { formSchemaPointer, spec } from "./spec.ts";
import type { WebhookType } from "./types.ts";

const SPEC_ID = "https://dashly-kit.invalid/openapi.json";
const MAX_REPORTED_ERRORS = 3;

// The spec is the one description of a valid delivery: its webhook form schemas are compiled once, here,
// with their `$ref`s into `components`. OpenAPI's own keywords (`example`, `format: int64`...) are ignored.
const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
ajv.addSchema(spec as object, SPEC_ID);

function formSchema(type: WebhookType): ValidateFunction {
  const validate = ajv.getSchema(`${SPEC_ID}#${formSchemaPointer(type)}`);
  if (!validate) throw new Error(`@dashly/webhooks: the spec has no form schema for the ${type} webhook`);
  return validate;
}

const validators = perType(formSchema);

/**
 * Checks a delivery's form (JSON fields parsed, IDs as digit strings, which the spec's `Id` accepts)
 * against the spec's schema for its type. Throws `invalid_payload` naming the first few problems.
 */
export function validatePayload(type: WebhookType, form: Record<string, unknown>): void {
  const validate = validators[type];
  if (validate(form)) return;
  // `allOf` branches can report the same problem twice; each is named once.
  const problems = [...new Set((validate.errors ?? []).map(describe))].slice(0, MAX_REPORTED_ERRORS);
  throw new WebhookPayloadError(
    "invalid_payload",
    `The ${type} delivery does not match the spec: ${problems.join("; ")}`,
  );
}

// ajv's messages name the rule broken, never the value, so nothing from the form is echoed.
function describe(error: ErrorObject): string {
  return `${error.instancePath || "/"} ${error.message ?? "is invalid"}`;
}
