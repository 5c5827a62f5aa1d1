import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { specPath, specYamlPath } from "./support/spec.ts";

const require = createRequire(import.meta.url);
const entryJs = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const entryCjs = fileURLToPath(new URL("../dist/index.cjs", import.meta.url));

interface Entry {
  default: unknown;
  document: unknown;
  openapiJsonPath: string;
  openapiYamlPath: string;
}
// Loaded by path, not imported, so that `tsc` does not need a build: the declarations are checked below.
const { default: spec, document, openapiJsonPath, openapiYamlPath } = (await import(entryJs)) as Entry;

describe("the package's root entry", () => {
  it("is the bundled document, in ESM and CommonJS alike", async () => {
    const bundled = JSON.parse(await readFile(specPath, "utf8"));
    expect(spec).toEqual(bundled);
    expect(document).toBe(spec);
    const commonjs = require(entryCjs);
    expect(commonjs.document).toEqual(bundled);
    expect(commonjs.default).toBe(commonjs.document);
  });

  it("gives the absolute paths of the bundled files", () => {
    expect([openapiJsonPath, openapiYamlPath]).toEqual([specPath, specYamlPath]);
    expect(isAbsolute(openapiJsonPath)).toBe(true);
    expect(require(entryCjs).openapiYamlPath).toBe(specYamlPath);
  });

  it("types the document with its real paths, methods and schemas", { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), "dashly-openapi-entry-"));
    try {
      const esm = join(dir, "consumer.mts");
      const cjs = join(dir, "consumer.cts");
      await writeFile(
        esm,
        `import spec, { openapiYamlPath, type DashlySchemaName } from ${JSON.stringify(entryJs)};
const operationId: string = spec.paths["/users/{id}/events"].post.operationId;
const schema: DashlySchemaName = "MessageSender";
const path: string = openapiYamlPath;
// @ts-expect-error: the spec has no such path
void spec.paths["/users/{id}/delete"];
// @ts-expect-error: GET /users/{id} has no POST
void spec.paths["/users/{id}"].post;
export { operationId, schema, path };
`,
      );
      await writeFile(
        cjs,
        `import entry = require(${JSON.stringify(entryCjs)});
export const version: string = entry.document.info.version;
export const same: boolean = entry.default === entry.document;
`,
      );
      const program = ts.createProgram([esm, cjs], {
        module: ts.ModuleKind.Node16,
        moduleResolution: ts.ModuleResolutionKind.Node16,
        target: ts.ScriptTarget.ES2022,
        strict: true,
        noEmit: true,
        types: [],
        lib: ["lib.es2022.d.ts"],
        // The declarations under test are checked; TypeScript's own lib files need not be.
        skipDefaultLibCheck: true,
      });
      const problems = ts
        .getPreEmitDiagnostics(program)
        .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      expect(problems).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
