import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";
import { generateSchemaSource } from "../scripts/schema-source.ts";

it("src/generated/schema.ts matches the spec (run `pnpm generate` and commit when this fails)", async () => {
  const committed = await readFile(new URL("../src/generated/schema.ts", import.meta.url), "utf8");
  expect(committed).toBe(await generateSchemaSource());
});
