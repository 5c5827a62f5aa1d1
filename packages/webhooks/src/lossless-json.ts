/**
 * The JSON of a delivery's form fields, read and written without losing a digit of a 64-bit ID.
 *
 * Reading: the engine's JSON.parse does the work when it can vouch for giving what lossless-json gives
 * (about 3x faster, long integers quoted first); otherwise lossless-json parses the text again (repeated
 * keys, `-0`, numbers that overflow, `\u0000` escapes, invalid JSON), so results and errors are the same
 * either way. Which numbers are IDs is the spec's word, through id-keys.ts.
 */
import { LosslessNumber, parse, stringify } from "lossless-json";
import { isIdKey, opensFreeForm } from "./id-keys.ts";

/**
 * Parses the JSON held by a form field: a number under an ID key becomes its decimal string; any other
 * number becomes a JS number, except an integer beyond ±(2^53-1) or a value that overflows to Infinity,
 * which stays the string written. Throws lossless-json's SyntaxError (or a RangeError for absurd nesting).
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

/** Sets a property as JSON.parse would: a `__proto__` key becomes an own property, never a prototype. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

// --- What a written number becomes ---------------------------------------------------------------------

const INTEGER = /^-?[0-9]+$/;

/**
 * Under an ID key: an integer keeps its digits as a string (even past 2^53); `1e3` or `7.0` are integers all
 * the same; anything else stays a number, for the schema to refuse.
 */
function idFromNumberText(text: string): string | number {
  if (INTEGER.test(text)) return text;
  const number = Number(text);
  return Number.isSafeInteger(number) ? String(number) : number;
}

/**
 * Anywhere else: a JS number, except an integer beyond ±(2^53-1) or a value that overflows to Infinity,
 * which stays the text written (a number there could not be told from its neighbours).
 */
function plainNumberFromText(text: string): string | number {
  const number = Number(text);
  if (INTEGER.test(text)) return Number.isSafeInteger(number) ? number : text;
  return Number.isFinite(number) ? number : text;
}

// --- The reference parse: lossless-json ------------------------------------------------------------------

/** A number as written in the JSON text; lossless-json's parser has already checked its syntax. */
class WrittenNumber {
  constructor(readonly text: string) {}
}

const fromWrittenNumbers: NumberReviver = {
  leaf(value, isId) {
    if (!(value instanceof WrittenNumber)) return value;
    return isId ? idFromNumberText(value.text) : plainNumberFromText(value.text);
  },
};

/**
 * Parses JSON with lossless-json, which hands over every number as written: the reference behaviour of
 * parseJsonField. Throws lossless-json's SyntaxError (duplicate keys with different values included), or a
 * RangeError for absurd nesting.
 */
export function parseExactly(text: string): unknown {
  const tree = parse(text, null, { parseNumber: (written) => new WrittenNumber(written) });
  return reviveNumbers(tree, fromWrittenNumbers);
}

// --- The quick parse: JSON.parse, when it gives the same answer ------------------------------------------

/** Returned when the quick parse cannot vouch for giving what lossless-json's would. */
export const UNSURE: unique symbol = Symbol("unsure");

/**
 * Integer literals of 16 digits or more where a JSON value may stand: the numbers JSON.parse could round.
 * Followed by `,` `}` or `]`, a quoted one can never become a key. The match may also land inside a string;
 * the quote written there then ends the string early, leaving `\u0000` outside any string, which JSON.parse
 * always refuses (the quick parse then gives up).
 */
const LONG_INTEGER = /([:,[][ \t\n\r]*)(-?[0-9]{16,})(?=[ \t\n\r]*[,}\]])/g;
/** Where a long integer is quoted, its string starts with this character, written `\u0000` in the text. */
const MARK = "\u0000";
/**
 * A quote followed by a colon: every key's end, plus any `\":` inside a string or any string that starts
 * with a colon. Never fewer than the keys written, so a count equal to the keys parsed proves none repeated.
 */
const KEY_END = /"[ \t\n\r]*:/g;

class Unsure extends Error {}

/**
 * Parses JSON with the engine's JSON.parse, long integers quoted first, and gives exactly what parseExactly
 * gives, or UNSURE: for text that JSON.parse refuses, that holds `\u0000`, that repeats a key, or whose
 * numbers JSON.parse cannot keep apart (-0, overflow, integers past 2^53 not quoted).
 */
export function parseQuickly(text: string): unknown {
  if (text.includes("\\u0000")) return UNSURE;
  let tree: unknown;
  try {
    tree = JSON.parse(text.replace(LONG_INTEGER, '$1"\\u0000$2"'));
  } catch {
    return UNSURE;
  }
  let keys = 0;
  try {
    const revived = reviveNumbers(tree, {
      leaf: fromParsedValue,
      key() {
        keys++;
      },
    } satisfies NumberReviver);
    // JSON.parse keeps the last of two equal keys; lossless-json refuses them when their values differ.
    return keys === (text.match(KEY_END)?.length ?? 0) ? revived : UNSURE;
  } catch (error) {
    if (error instanceof Unsure) return UNSURE;
    throw error;
  }
}

function fromParsedValue(value: unknown, isId: boolean): unknown {
  if (typeof value === "number") {
    // Such numbers may have been written in ways (`-0`, `1e400`, `9007199254740993`) whose text matters.
    if (!Number.isFinite(value) || Object.is(value, -0)) throw new Unsure();
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) throw new Unsure();
    // A safe integer's text is the canonical one; any other number is kept as it is, as parseExactly would.
    return isId && Number.isInteger(value) ? String(value) : value;
  }
  if (typeof value === "string" && value.startsWith(MARK)) {
    const written = value.slice(MARK.length);
    return isId ? idFromNumberText(written) : plainNumberFromText(written);
  }
  return value;
}

// --- The walk both parses share, and its inverse for writing ---------------------------------------------

interface NumberReviver {
  /** Called for every value but arrays and plain objects; `isId` tells whether an ID key holds it. */
  leaf(value: unknown, isId: boolean): unknown;
  /** Called for every object key met. */
  key?(key: string): void;
}

/**
 * Walks a tree fresh from a JSON parser and replaces its leaves with what `reviver` makes of them, in place,
 * knowing for each whether it is a Dashly ID.
 */
function reviveNumbers(tree: unknown, reviver: NumberReviver): unknown {
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

const ID_DIGITS = /^(?:0|[1-9][0-9]*)$/;

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
