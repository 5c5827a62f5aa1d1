import { WEBHOOK_TYPES } from "./form-fields.ts";
import { atPointer, formSchemaPointer } from "./spec.ts";

/**
 * Which numbers in a delivery's JSON are Dashly IDs, read from the spec: a key is an ID key when a schema a
 * webhook can carry types its property with the `Id` schema (`$ref`, or one of an `allOf`/`oneOf`/`anyOf`);
 * a key opens free-form data (the app's own names: user and event properties, `body_json`...) when no
 * schema declares an ID anywhere beneath it, so an `id` key inside it is data, not a Dashly ID. A new
 * webhook type or ID field in the spec is picked up here without a line changed.
 */
const ID_SCHEMA = "#/components/schemas/Id";

type Schema = { readonly [keyword: string]: unknown };

const isSchema = (value: unknown): value is Schema => typeof value === "object" && value !== null;

/** Follows `$ref`s (local JSON pointers) to the schema they name. */
function deref(schema: Schema): Schema {
  let current = schema;
  for (const seen = new Set<Schema>(); typeof current.$ref === "string" && current.$ref !== ID_SCHEMA; ) {
    if (seen.has(current)) break;
    seen.add(current);
    const target = atPointer(current.$ref.slice(1));
    if (!isSchema(target)) throw new Error(`@dashly/webhooks: the spec's ${current.$ref} leads nowhere`);
    current = target;
  }
  return current;
}

/** The schemas directly inside `schema`: its combinators' members, items, and property schemas. */
function children(schema: Schema): Schema[] {
  const inside: unknown[] = [];
  for (const keyword of ["allOf", "oneOf", "anyOf", "prefixItems"]) {
    const members = schema[keyword];
    if (Array.isArray(members)) inside.push(...members);
  }
  inside.push(schema.items, schema.additionalProperties);
  if (isSchema(schema.properties)) inside.push(...Object.values(schema.properties));
  return inside.filter(isSchema);
}

function isIdSchema(schema: Schema): boolean {
  if (schema.$ref === ID_SCHEMA) return true;
  const resolved = deref(schema);
  return ["allOf", "oneOf", "anyOf"].some((keyword) => {
    const members = resolved[keyword];
    return Array.isArray(members) && members.some((member) => isSchema(member) && isIdSchema(member));
  });
}

/** Whether an ID may stand anywhere in (or beneath) a value of `schema`. */
function holdsId(schema: Schema, visiting = new Set<Schema>()): boolean {
  if (isIdSchema(schema)) return true;
  const resolved = deref(schema);
  if (visiting.has(resolved)) return false; // a cycle adds nothing new
  visiting.add(resolved);
  return children(resolved).some((child) => holdsId(child, visiting));
}

/** Walks every schema a webhook can carry and sorts the property names it meets. */
function readKeys(): { idKeys: Set<string>; freeFormKeys: Set<string> } {
  const idKeys = new Set<string>();
  const holdingIds = new Set<string>();
  const named = new Set<string>();
  const visited = new Set<Schema>();
  const visit = (schema: Schema): void => {
    const resolved = deref(schema);
    if (visited.has(resolved)) return;
    visited.add(resolved);
    const properties = isSchema(resolved.properties) ? Object.entries(resolved.properties) : [];
    for (const [name, property] of properties) {
      if (!isSchema(property)) continue;
      named.add(name);
      if (isIdSchema(property)) idKeys.add(name);
      else if (holdsId(property)) holdingIds.add(name);
    }
    for (const child of children(resolved)) visit(child);
  };
  for (const type of WEBHOOK_TYPES) {
    const form = atPointer(formSchemaPointer(type));
    if (!isSchema(form))
      throw new Error(`@dashly/webhooks: the spec has no form schema for the ${type} webhook`);
    visit(form);
  }
  const freeFormKeys = new Set([...named].filter((name) => !idKeys.has(name) && !holdingIds.has(name)));
  return { idKeys, freeFormKeys };
}

const { idKeys: ID_KEYS, freeFormKeys: FREE_FORM_KEYS } = readKeys();

/** The keys read from the spec, for tests and docs. */
export const idKeys: ReadonlySet<string> = ID_KEYS;
export const freeFormKeys: ReadonlySet<string> = FREE_FORM_KEYS;

/**
 * Whether a number under `key` is a Dashly ID. `key` is undefined for array items and the root value;
 * `insideFreeForm` tells whether a free-form object encloses the value.
 */
export function isIdKey(key: string | undefined, insideFreeForm: boolean): boolean {
  return !insideFreeForm && key !== undefined && ID_KEYS.has(key);
}

/** Whether the values inside the object or array found under `key` are free-form data. */
export function opensFreeForm(key: string | undefined, insideFreeForm: boolean): boolean {
  return insideFreeForm || (key !== undefined && FREE_FORM_KEYS.has(key));
}
