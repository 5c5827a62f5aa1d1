import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { spec } from "./support/spec.ts";

const run = promisify(execFile);
const spectral = fileURLToPath(new URL("../node_modules/.bin/spectral", import.meta.url));
const ruleset = fileURLToPath(new URL("../.spectral.mjs", import.meta.url));

async function lint(document: unknown): Promise<string[]> {
  const file = join(await mkdtemp(join(tmpdir(), "dashly-lint-")), "openapi.json");
  await writeFile(file, JSON.stringify(document));
  const result = await run(spectral, ["lint", "-q", "-f", "json", "--ruleset", ruleset, file]).catch(
    (error) => error,
  );
  return JSON.parse(result.stdout).map((problem: { code: string }) => problem.code);
}

describe("the house lint rules", () => {
  // Two Spectral processes of several seconds each: side by side, and a hang guard that a busy machine cannot trip.
  it("pass on the spec and catch an operation without summary, shared errors or examples", {
    timeout: 90_000,
  }, async () => {
    const broken = structuredClone(spec);
    const operation = broken.paths["/conversations/{id}/close"].post;
    delete operation.summary;
    delete operation.responses["429"];
    delete operation.responses["200"].content["application/json"].examples;
    delete operation.requestBody.content["application/x-www-form-urlencoded"].examples;
    const [problems, brokenProblems] = await Promise.all([lint(spec), lint(broken)]);
    expect(problems).toEqual([]);
    expect(new Set(brokenProblems)).toEqual(
      new Set([
        "dashly-operation-summary",
        "dashly-request-examples",
        "dashly-shared-errors",
        "dashly-success-examples",
        "owasp:api4:2023-rate-limit-responses-429",
      ]),
    );
  });
});
