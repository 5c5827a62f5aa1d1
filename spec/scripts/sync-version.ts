/**
 * Writes the package's version into openapi.yaml's `info.version`, so that the spec and the package
 * carry one version. `pnpm version-packages` runs it after `changeset version`. Only that line changes:
 * the rest of the hand-written file keeps its layout.
 */
import { readFile, writeFile } from "node:fs/promises";

const manifest = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};
const specFile = new URL("../openapi.yaml", import.meta.url);
const text = await readFile(specFile, "utf8");
const infoVersion = /^(info:\n(?: {2}.*\n|\n)*? {2}version: ).*$/m;
if (!infoVersion.test(text)) throw new Error("openapi.yaml has no info.version line to update");
await writeFile(specFile, text.replace(infoVersion, `$1${manifest.version}`));
console.log(`openapi.yaml info.version = ${manifest.version}`);
