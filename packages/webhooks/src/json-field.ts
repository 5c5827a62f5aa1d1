import { LosslessNumber, stringify } from "lossless-json";
import { isIdKey, opensFreeForm } from "./id-keys.ts";
import { parseExactly } from "./parse-exactly.ts";
import { parseQuickly, UNSURE } from "./parse-quickly.ts";
import { setOwn } from "./set-own.ts";

const ID_DIGITS = /^(?:0|[1-9][0-9]*)$/;

/**
 * Parses the JSON held by a form field without losing a digit: a number under an ID key becomes its
 * decimal string; any other number becomes a JS number, except an integer beyond ±(2^53-1) or a value that
 * overflows to Infinity, which stays the string written (see json-numbers.ts). Throws lossless-json's
 * SyntaxError (or a RangeError for absurd nesting).
 *
 * The engine's JSON.parse does the work when it can give the same answer (about 3x faster than
 * lossless-json's parser); otherwise lossless-json parses the text again.
 */
export function parseJsonField(text: string): unknown {
  const quick = parseQuickly(text);
  return quick === UNSURE ? parseExactly(text) : quick;
}

/**
 * Writes a value as a form field's JSON, the way Dashly does: digit strings under ID keys become bare JSON
 * numbers (even past 2^53), everything else is written as JSON.stringify would.
 */
export function stringifyJsonField(value: unknown): string {
  return stringify(idsAsNumbers(value, undefined, false)) ?? "null";
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
