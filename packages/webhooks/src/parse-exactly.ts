import { parse } from "lossless-json";
import { idFromNumberText, plainNumberFromText } from "./json-numbers.ts";
import { type NumberReviver, reviveNumbers } from "./revive-numbers.ts";

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
