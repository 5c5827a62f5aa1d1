import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { type Json, spec } from "./spec.ts";

const base = "https://dashly-kit.invalid/openapi.json";

/**
 * A JSON Schema 2020-12 validator that knows the whole bundled spec, so a schema anywhere in it can be
 * checked by its JSON pointer, `$ref`s and all. OpenAPI's own keywords (`example`, `discriminator`...) are
 * allowed; everything else is strict.
 */
const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
addFormats.default(ajv);
ajv.addSchema(spec, base);

export function validateAt(schemaPointer: string, value: Json): string[] {
  const validate =
    ajv.getSchema(`${base}#${schemaPointer}`) ?? ajv.compile({ $ref: `${base}#${schemaPointer}` });
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message}`);
}
