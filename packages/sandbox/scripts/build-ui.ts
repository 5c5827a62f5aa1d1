/**
 * Builds the sandbox's pages into dist/ui, where the server looks for them (`/chat/` is chat/index.html, a
 * file beside it is `/chat/<file>`; the same for `/docs/`): the chat page's three files as written, and the
 * API reference page that @dashly/openapi builds, set to send its "try it" requests to the sandbox alone.
 */
import { copyFile, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { DEFAULT_API_TOKEN } from "../src/options.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = `${root}dist/ui/`;
const require = createRequire(import.meta.url);

/** Settings for the reference page: the API is the sandbox's `/v1` on the page's own origin, whatever the port. */
const overrides = {
  servers: [{ url: "/v1", description: "This sandbox" }],
  authentication: {
    preferredSecurityScheme: "authToken",
    securitySchemes: { authToken: { value: DEFAULT_API_TOKEN } },
  },
};

/** Replaces `pattern` once in `text`, or fails the build: a page that changed shape must not ship half set. */
function setOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  if (!pattern.test(text)) throw new Error(`@dashly/openapi's reference.html has no ${what} to set`);
  // A replacer function: `$` in the replacement must not be read as a pattern.
  return text.replace(pattern, () => replacement);
}

await mkdir(`${out}chat`, { recursive: true });
await mkdir(`${out}docs`, { recursive: true });
await copyFile(`${root}src/ui/chat.html`, `${out}chat/index.html`);
for (const file of ["chat.js", "chat.css"]) await copyFile(`${root}src/ui/${file}`, `${out}chat/${file}`);

let docs = await readFile(require.resolve("@dashly/openapi/reference.html"), "utf8");
docs = setOnce(
  docs,
  /<script type="application\/json" id="dashly-reference-overrides">\{\}<\/script>/,
  `<script type="application/json" id="dashly-reference-overrides">${JSON.stringify(overrides)}</script>`,
  "overrides block",
);
docs = setOnce(docs, /connect-src \*;/, "connect-src 'self';", "connect-src * in its policy");
await writeFile(`${out}docs/index.html`, docs);

const { size } = await stat(`${out}docs/index.html`);
console.log(`sandbox pages built: dist/ui/chat/, dist/ui/docs/ (${(size / 1024 / 1024).toFixed(2)} MiB)`);
