/**
 * Builds the sandbox's pages into dist/ui: the chat page's three files as written, and docs.html, the API
 * reference page that @dashly/openapi builds, set to send its "try it" requests to the sandbox serving it.
 */
import { copyFile, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = `${root}dist/ui/`;
const require = createRequire(import.meta.url);

/** The sandbox's default API key (`apiTokens` in its options): "try it" works before anyone types one. */
const defaultApiToken = "sandbox-token";

/**
 * Settings the reference page takes from its `dashly-reference-overrides` block: the API is the sandbox's
 * `/v1` on the page's own origin, whatever port the sandbox listens on.
 */
const overrides = {
  servers: [{ url: "/v1", description: "This sandbox" }],
  authentication: {
    preferredSecurityScheme: "authToken",
    securitySchemes: { authToken: { value: defaultApiToken } },
  },
};

await mkdir(out, { recursive: true });
for (const file of ["chat.html", "chat.js", "chat.css"])
  await copyFile(`${root}src/ui/${file}`, `${out}${file}`);

const reference = await readFile(require.resolve("@dashly/openapi/reference.html"), "utf8");
const block = /(<script type="application\/json" id="dashly-reference-overrides">)\{\}(<\/script>)/;
if (!block.test(reference)) throw new Error("@dashly/openapi's reference.html has no overrides block to set");
// A replacer function: `$` in the JSON must not be read as a replacement pattern.
const docs = reference.replace(
  block,
  (_match, open: string, close: string) => `${open}${JSON.stringify(overrides)}${close}`,
);
await writeFile(`${out}docs.html`, docs);

const { size } = await stat(`${out}docs.html`);
console.log(
  `sandbox pages built: dist/ui/chat.{html,js,css}, dist/ui/docs.html (${(size / 1024 / 1024).toFixed(2)} MiB)`,
);
