import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseExactly, parseJsonField, parseQuickly, UNSURE } from "../../src/lossless-json.ts";
import { DOCS_CHAT_BODY, DOCS_CHAT_CONVERSATION_64BIT_ID } from "../support/fixtures.ts";

/** What a parse gave: its value, or its error's class and message. */
function outcome(parse: (text: string) => unknown, text: string): unknown {
  try {
    return { value: parse(text) };
  } catch (error) {
    return { error: (error as Error).constructor.name, message: (error as Error).message };
  }
}

/** Numbers as they may be written, among them the ones JSON.parse cannot keep apart. */
const numberText = fc.oneof(
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String),
  fc.constantFrom("-0", "0", "7.0", "1E3", "1e400", "-1e400", "9007199254740993", "1.50", "2e-7", "0.1"),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
);

/** Strings that may fool a text scan: digits after colons and brackets, escaped quotes, `\u0000`. */
const stringText = fc
  .oneof(
    fc.constantFrom(
      ":12345678901234567890,",
      "[1234567890123456789]",
      ": 98765432109876543210 }",
      '\\":',
      '\\\\":',
      "\\u0000",
      "\\u00001234",
      ":",
    ),
    fc.string({ maxLength: 12 }).map((value) => JSON.stringify(value).slice(1, -1)),
  )
  .map((inner) => `"${inner}"`);

const key = fc
  .constantFrom(
    "id",
    "user",
    "from",
    "conversation",
    "props",
    "body_json",
    "__proto__",
    "a",
    ":1",
    "\\u0000x",
  )
  .map((name) => `"${name}"`);
const space = fc.constantFrom("", " ", "\n\t", "\r ");

/** JSON text built token by token, with repeated keys, odd spacing and odd numbers. */
const jsonText = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    numberText,
    stringText,
    fc.constantFrom("true", "false", "null"),
    fc
      .array(fc.tuple(space, tie("value"), space), { maxLength: 4 })
      .map((items) => `[${items.map((item) => item.join("")).join(",")}]`),
    fc
      .array(fc.tuple(key, space, tie("value")), { maxLength: 5 })
      .map((entries) => `{${entries.map(([name, gap, value]) => `${name}${gap}:${gap}${value}`).join(",")}}`),
  ),
})).value;

/** The same, sometimes broken: cut short, or a character put in. */
const anyText = fc.oneof(
  { weight: 4, arbitrary: jsonText },
  fc.tuple(jsonText, fc.nat()).map(([text, cut]) => text.slice(0, cut % (text.length + 1))),
  fc
    .tuple(jsonText, fc.nat(), fc.constantFrom("}", "]", ",", ":", '"', "1", "\\"))
    .map(([text, at, char]) => {
      const index = at % (text.length + 1);
      return text.slice(0, index) + char + text.slice(index);
    }),
);

describe("parseJsonField", () => {
  it("gives exactly what lossless-json gives, value or error, for any text", () => {
    let quick = 0;
    let fallBack = 0;
    fc.assert(
      fc.property(anyText, (text) => {
        if (parseQuickly(text) === UNSURE) fallBack++;
        else quick++;
        expect(outcome(parseJsonField, text)).toStrictEqual(outcome(parseExactly, text));
      }),
      { numRuns: 3000 },
    );
    // Both paths must have been exercised, or the comparison says little.
    expect(quick).toBeGreaterThan(300);
    expect(fallBack).toBeGreaterThan(300);
  });

  it("takes the quick path for the docs' delivery, with a 64-bit part ID", () => {
    const docs = new URLSearchParams(DOCS_CHAT_BODY).get("conversation") ?? "";
    const text = DOCS_CHAT_CONVERSATION_64BIT_ID;
    expect(text).not.toBe(docs);
    const parsed = parseQuickly(text);
    expect(parsed).not.toBe(UNSURE);
    expect(parsed).toStrictEqual(parseExactly(text));
    expect(parsed).toMatchObject({
      id: "1160406004324630614",
      conversation: "64558819",
      created: 1492604036,
    });
  });

  it.each([
    ['{"id":1,"id":2}', "a repeated key"],
    ['{"id":-0}', "-0 under an ID key"],
    ['{"n":1e400}', "a number that overflows"],
    ['{"n":9007199254740993e0}', "an integer past 2^53 that is not quoted"],
    ['{"a":"\\u0000"}', "a \\u0000 escape"],
    ['{"a":"x:12345678901234567,"}', "a long integer inside a string"],
    ['{"a":1,12345678901234567:2}', "a long integer in a key's place"],
  ])("leaves %s (%s) to lossless-json", (text) => {
    expect(parseQuickly(text)).toBe(UNSURE);
  });
});
