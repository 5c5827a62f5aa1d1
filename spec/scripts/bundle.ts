/**
 * Bundles spec/openapi.yaml (and every file it references) into dist/openapi.json and dist/openapi.yaml, and
 * writes the package's root entry next to them (dist/index.js, index.cjs and their declarations).
 * The output depends only on the input files, so two runs give identical bytes.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { bundleSpec } from "../src/bundle.ts";
import { entryFiles } from "../src/entry.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const document = await bundleSpec(`${root}openapi.yaml`);

await mkdir(`${root}dist`, { recursive: true });
await writeFile(`${root}dist/openapi.json`, `${JSON.stringify(document, null, 2)}\n`);
await writeFile(
  `${root}dist/openapi.yaml`,
  stringify(document, { lineWidth: 0, aliasDuplicateObjects: false }),
);
for (const [name, text] of Object.entries(entryFiles(document))) {
  await writeFile(`${root}dist/${name}`, text);
}
console.log("spec bundled: dist/openapi.json, dist/openapi.yaml, dist/index.{js,cjs,d.ts,d.cts}");
