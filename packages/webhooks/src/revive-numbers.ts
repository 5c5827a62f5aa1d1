import { isIdKey, opensFreeForm } from "./id-keys.ts";
import { setOwn } from "./set-own.ts";

export interface NumberReviver {
  /** Called for every value but arrays and plain objects; `isId` tells whether an ID key holds it. */
  leaf(value: unknown, isId: boolean): unknown;
  /** Called for every object key met. */
  key?(key: string): void;
}

/**
 * Walks a tree fresh from a JSON parser and replaces its leaves with what `reviver` makes of them, in place,
 * knowing for each whether it is a Dashly ID (see id-keys.ts).
 */
export function reviveNumbers(tree: unknown, reviver: NumberReviver): unknown {
  return revive(tree, undefined, false, reviver);
}

function revive(value: unknown, key: string | undefined, insideFreeForm: boolean, reviver: NumberReviver) {
  if (typeof value !== "object" || value === null || !isContainer(value)) {
    return reviver.leaf(value, isIdKey(key, insideFreeForm));
  }
  const childrenFreeForm = opensFreeForm(key, insideFreeForm);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      value[index] = revive(value[index], undefined, childrenFreeForm, reviver);
    }
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const childKey of Object.keys(record)) {
    reviver.key?.(childKey);
    setOwn(record, childKey, revive(record[childKey], childKey, childrenFreeForm, reviver));
  }
  return record;
}

/** An array or an object as a JSON parser builds them; anything else (a parser's number token) is a leaf. */
function isContainer(value: object): boolean {
  return Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype;
}
