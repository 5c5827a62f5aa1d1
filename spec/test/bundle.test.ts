import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { bundleSpec } from "../src/bundle.ts";
import { specPath } from "./support/spec.ts";

const entry = fileURLToPath(new URL("../openapi.yaml", import.meta.url));

describe("bundling", () => {
  it("gives the same document every time", async () => {
    const [first, second] = await Promise.all([bundleSpec(entry), bundleSpec(entry)]);
    expect(JSON.stringify(first)).toBe(JSON.stringify(second));
  });

  it("matches the built dist/openapi.json (rebuild with `pnpm build` when this fails)", async () => {
    const fresh = `${JSON.stringify(await bundleSpec(entry), null, 2)}\n`;
    expect(readFileSync(specPath, "utf8")).toBe(fresh);
  });

  it("keeps every component under its own name", async () => {
    const document = (await bundleSpec(entry)) as { components: Record<string, Record<string, unknown>> };
    expect(Object.keys(document.components.schemas ?? {})).toEqual(
      expect.arrayContaining([
        "User",
        "Conversation",
        "ConversationPart",
        "Admin",
        "ErrorEnvelope",
        "PropOperation",
      ]),
    );
    expect(JSON.stringify(document)).not.toMatch(/"\$ref":"(?!#)/);
  });

  it("rejects a spec with a broken reference", async () => {
    const broken = fileURLToPath(new URL("./fixtures/broken-ref.yaml", import.meta.url));
    await expect(bundleSpec(broken)).rejects.toThrow(/does not bundle/);
  });
});
