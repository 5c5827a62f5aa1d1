import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import { SPEC_ID, specDocument } from "./spec-document.ts";

// Two ajv instances hold the whole spec: a quick one that stops at the first error (a valid value, the
// usual case, costs least) and a thorough one that runs only on a value already found wrong, to name every
// problem. Validators are compiled the first time they are needed, so starting the sandbox compiles nothing.
// OpenAPI's own keywords (`example`, `format: int64`) are ignored.
const options = { strict: false, validateFormats: false, validateSchema: false } as const;
const quick = new Ajv2020({ ...options, allErrors: false });
quick.addSchema(specDocument, SPEC_ID);
// Made on the first value found wrong: registering the spec costs time a sandbox that starts should not pay.
let thoroughInstance: Ajv2020 | undefined;
function thorough(): Ajv2020 {
  if (!thoroughInstance) {
    thoroughInstance = new Ajv2020({ ...options, allErrors: true });
    thoroughInstance.addSchema(specDocument, SPEC_ID);
  }
  return thoroughInstance;
}

/** Checks a value: `undefined` when it is valid, else every error. */
export type Check = (value: unknown) => ErrorObject[] | undefined;

const checks = new Map<string, Check>();

function checkOf(key: string, compile: (ajv: Ajv2020) => ValidateFunction): Check {
  let check = checks.get(key);
  if (!check) {
    const fast = compile(quick);
    let full: ValidateFunction | undefined;
    check = (value) => {
      if (fast(value)) return undefined;
      full ??= compile(thorough());
      full(value);
      return full.errors ?? fast.errors ?? [];
    };
    checks.set(key, check);
  }
  return check;
}

/** The check of the schema at `pointer` in the spec. */
export function validatorAt(pointer: string): Check {
  return checkOf(pointer, (ajv) => {
    const validate = ajv.getSchema(`${SPEC_ID}#${pointer}`);
    if (!validate) throw new Error(`@dashly/sandbox: the spec has no schema at ${pointer}`);
    return validate;
  });
}

/** The check of an object whose properties each follow a schema of the spec (the parameters of a request). */
export function objectValidator(key: string, properties: Map<string, string>, required: string[]): Check {
  return checkOf(key, (ajv) =>
    ajv.compile({
      type: "object",
      properties: Object.fromEntries(
        [...properties].map(([name, pointer]) => [name, { $ref: `${SPEC_ID}#${pointer}` }]),
      ),
      required,
    }),
  );
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
