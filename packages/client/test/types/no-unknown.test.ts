import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";

/** `X | unknown` is `unknown` (any value passes) and `X & unknown` hides a schema a generator could not type. */
const unknownMember = /\|\s*unknown\b|\bunknown\s*[|&]|&\s*\(?\s*unknown\b|\??:\s*unknown;/;

it("the generated types have no `unknown` member, only open index signatures", async () => {
  const source = await readFile(new URL("../../src/generated/schema.ts", import.meta.url), "utf8");
  const lines = source
    .split("\n")
    .filter((line) => !line.trim().startsWith("*") && !/\[(key|name): string\]: unknown;/.test(line));
  expect(lines.filter((line) => unknownMember.test(line))).toEqual([]);
  expect(unknownMember.test("} | unknown | unknown;")).toBe(true);
});
