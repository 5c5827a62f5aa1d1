import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { SPEC_ID, specDocument } from "./spec-document.ts";

// One ajv instance holds the whole spec; a validator is compiled the first time its schema is needed, so
// starting the sandbox costs no compilation. OpenAPI's own keywords (`example`, `format: int64`) are ignored.
const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
ajv.addSchema(specDocument, SPEC_ID);

const compiled = new Map<string, ValidateFunction>();

/** The validator of the schema at `pointer` in the spec. */
export function validatorAt(pointer: string): ValidateFunction {
  let validate = compiled.get(pointer);
  if (!validate) {
    validate = ajv.getSchema(`${SPEC_ID}#${pointer}`);
    if (!validate) throw new Error(`@dashly/sandbox: the spec has no schema at ${pointer}`);
    compiled.set(pointer, validate);
  }
  return validate;
}

/** A validator for an object whose properties each follow a schema of the spec (parameters of a request). */
export function objectValidator(
  key: string,
  properties: Map<string, string>,
  required: string[],
): ValidateFunction {
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile({
      type: "object",
      properties: Object.fromEntries(
        [...properties].map(([name, pointer]) => [name, { $ref: `${SPEC_ID}#${pointer}` }]),
      ),
      required,
    });
    compiled.set(key, validate);
  }
  return validate;
}

/** One way a value breaks the spec: where, and which rule (never the value itself). */
export interface Violation {
  /** The argument (request) or JSON pointer (answer, delivery) concerned. */
  field: string;
  message: string;
}

/** ajv's errors as violations; `prefix` names the container (e.g. an argument); duplicates from `anyOf` merged. */
export function violationsOf(
  errors: ErrorObject[] | null | undefined,
  fieldOf: (error: ErrorObject) => string,
): Violation[] {
  const seen = new Set<string>();
  const violations: Violation[] = [];
  for (const error of errors ?? []) {
    const field = fieldOf(error);
    const message = `${error.instancePath || "/"} ${error.message ?? "is invalid"}`;
    const key = `${field}\0${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    violations.push({ field, message });
  }
  return violations;
}
