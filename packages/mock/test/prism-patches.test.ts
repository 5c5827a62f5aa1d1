import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { applyPatch, parsePatch, reversePatch } from "diff";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const { patchSource } = require("../src/prism-patches.cjs") as {
  patchSource(filename: string, content: string): string;
};

const patchFile = join(import.meta.dirname, "..", "patches", "@stoplight__prism-http@5.12.0.patch");
const bodyModule = join(
  dirname(require.resolve("@stoplight/prism-http/package.json")),
  "dist/validator/validators/body.js",
);

describe("the in-memory Prism patch (for installs outside this workspace)", () => {
  const patched = readFileSync(bodyModule, "utf8"); // pnpm patched it here
  const bodyPatch = parsePatch(readFileSync(patchFile, "utf8")).find((patch) =>
    patch.newFileName?.endsWith("body.js"),
  );
  if (!bodyPatch) throw new Error("the patch file has no body.js hunk");
  const pristine = applyPatch(patched, reversePatch(bodyPatch));

  it("turns Prism's original module into the patched one", () => {
    expect(pristine).not.toBe(false);
    expect(pristine).not.toContain("dashly patch");
    expect(patchSource(bodyModule, pristine as string)).toBe(patched);
  });

  it("leaves an already patched module and unrelated modules alone", () => {
    expect(patchSource(bodyModule, patched)).toBe(patched);
    expect(patchSource("/somewhere/node_modules/other/index.js", "module.exports = 1;")).toBe(
      "module.exports = 1;",
    );
  });

  it("refuses a module it cannot patch, instead of serving unvalidated fields", () => {
    expect(() => patchSource(bodyModule, "module.exports = {};")).toThrow(
      /cannot apply .*prism-http@5\.12\.0\.patch/,
    );
  });
});
