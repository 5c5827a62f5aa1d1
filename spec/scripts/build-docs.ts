/**
 * Builds dist/reference.html: the API reference as one self-contained page (Scalar's standalone script, the
 * bundled spec and the settings inlined), so that opening it sends no request anywhere but to the API a
 * reader tries. Run after the bundle (`pnpm build` does both).
 *
 * A server that hosts the page next to its own API (the sandbox) swaps the `dashly-reference-overrides` block
 * (`{}` here) for settings of its own, e.g. `servers` (a URL starting with `/` is read relative to the page's
 * origin) or `authentication`, and may narrow the policy's `connect-src *` to itself.
 */
import { readFile, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);

/** Scalar's settings that keep the page offline: no web fonts, no telemetry, no proxy, no hosted extras. */
const settings = {
  withDefaultFonts: false,
  telemetry: false,
  showDeveloperTools: "never",
  mcp: { disabled: true },
  agent: { disabled: true },
  hideDarkModeToggle: true,
  documentDownloadType: "json",
  defaultOpenAllTags: true,
};

/**
 * JSON or JavaScript placed inside `<script>`: `</script`, `<script` and `<!--` would change how the HTML
 * parser reads the element, so their `<` is written as `\x3C`, which means the same inside the strings,
 * templates and regular expressions where these sequences occur.
 */
function inScript(text: string): string {
  return text.replace(/<(\/?script|!--)/gi, "\\x3C$1");
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** JSON is not JavaScript: there `\u003c` is the escape that keeps it valid. */
function jsonInScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/**
 * What the page may load, enforced by the browser: nothing from outside (no script, style, font or image);
 * requests (`connect-src`) only where a reader sends "try it" ones. A host of the page narrows `connect-src`.
 */
const policy =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; " +
  "font-src data:; worker-src blob:; connect-src *; base-uri 'none'; form-action 'none'";

const bootstrap = `
const read = (id) => JSON.parse(document.getElementById(id).textContent);
const { servers, ...overrides } = read("dashly-reference-overrides");
Scalar.createApiReference("#reference", {
  ...read("dashly-reference-settings"),
  ...overrides,
  content: read("dashly-openapi"),
  ...(servers && { servers: servers.map((server) => ({ ...server, url: new URL(server.url, location.href).href })) }),
});`;

const spec = JSON.parse(await readFile(`${root}dist/openapi.json`, "utf8")) as { info: { title: string } };
// The standalone build is not in the package's exports map: find it next to the entry point.
const scalar = await readFile(
  join(dirname(require.resolve("@scalar/api-reference")), "browser/standalone.js"),
  "utf8",
);

const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<link rel="icon" href="data:,">
<title>${escapeHtml(spec.info.title)} reference</title>
</head>
<body>
<div id="reference"></div>
<script type="application/json" id="dashly-reference-overrides">{}</script>
<script type="application/json" id="dashly-reference-settings">${jsonInScript(settings)}</script>
<script type="application/json" id="dashly-openapi">${jsonInScript(spec)}</script>
<script>${inScript(scalar)}</script>
<script>${bootstrap}</script>
</body>
</html>
`;

const out = `${root}dist/reference.html`;
await writeFile(out, page);
const { size } = await stat(out);
console.log(`reference page built: dist/reference.html (${(size / 1024 / 1024).toFixed(2)} MiB)`);
