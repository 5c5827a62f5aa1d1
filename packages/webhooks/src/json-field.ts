import { LosslessNumber, parse, stringify } from "lossless-json";
import { isIdKey, opensFreeForm } from "./id-keys.ts";
import { setOwn } from "./set-own.ts";

/** A number as written in the JSON text; lossless-json's parser has already checked its syntax. */
class JsonNumber {
  constructor(readonly text: string) {}
}

const INTEGER = /^-?[0-9]+$/;
const ID_DIGITS = /^(?:0|[1-9][0-9]*)$/;

/**
 * Parses the JSON held by a form field without losing a digit: a number under an ID key becomes its
 * decimal string; any other number becomes a JS number, except an integer beyond ±(2^53-1) or a value that
 * overflows to Infinity, which stays the string written (a number there could not be told from its
 * neighbours). Throws lossless-json's SyntaxError (or a RangeError for absurd nesting).
 */
export function parseJsonField(text: string): unknown {
  const tree = parse(text, null, { parseNumber: (written) => new JsonNumber(written) });
  return reviveNumbers(tree, undefined, false);
}

/**
 * Writes a value as a form field's JSON, the way Dashly does: digit strings under ID keys become bare JSON
 * numbers (even past 2^53), everything else is written as JSON.stringify would.
 */
export function stringifyJsonField(value: unknown): string {
  return stringify(idsAsNumbers(value, undefined, false)) ?? "null";
}

function reviveNumbers(value: unknown, key: string | undefined, insideFreeForm: boolean): unknown {
  if (value instanceof JsonNumber) {
    return isIdKey(key, insideFreeForm) ? idFromNumber(value.text) : plainNumber(value.text);
  }
  if (typeof value !== "object" || value === null) return value;
  const childrenFreeForm = opensFreeForm(key, insideFreeForm);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      value[index] = reviveNumbers(value[index], undefined, childrenFreeForm);
    }
    return value;
  }
  // The tree is fresh from the parser, so it is changed in place.
  const record = value as Record<string, unknown>;
  for (const childKey of Object.keys(record)) {
    setOwn(record, childKey, reviveNumbers(record[childKey], childKey, childrenFreeForm));
  }
  return record;
}

function idFromNumber(text: string): string | number {
  if (INTEGER.test(text)) return text;
  // `1e3` or `7.0`: an integer all the same. Anything else stays a number, for the schema to refuse.
  const number = Number(text);
  return Number.isSafeInteger(number) ? String(number) : number;
}

function plainNumber(text: string): string | number {
  const number = Number(text);
  if (INTEGER.test(text)) return Number.isSafeInteger(number) ? number : text;
  return Number.isFinite(number) ? number : text;
}

function idsAsNumbers(value: unknown, key: string | undefined, insideFreeForm: boolean): unknown {
  if (typeof value === "string") {
    return isIdKey(key, insideFreeForm) && ID_DIGITS.test(value) ? new LosslessNumber(value) : value;
  }
  if (typeof value !== "object" || value === null) return value;
  const childrenFreeForm = opensFreeForm(key, insideFreeForm);
  if (Array.isArray(value)) return value.map((item) => idsAsNumbers(item, undefined, childrenFreeForm));
  if (!isPlainObject(value)) return value; // a Date or the like: lossless-json writes it as JSON.stringify would
  const copy: Record<string, unknown> = {};
  for (const [childKey, child] of Object.entries(value)) {
    setOwn(copy, childKey, idsAsNumbers(child, childKey, childrenFreeForm));
  }
  return copy;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
