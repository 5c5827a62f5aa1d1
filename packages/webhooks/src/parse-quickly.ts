import { idFromNumberText, plainNumberFromText } from "./json-numbers.ts";
import { type NumberReviver, reviveNumbers } from "./revive-numbers.ts";

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
