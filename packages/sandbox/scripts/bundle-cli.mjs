// Bundles the CLI (`dist/cli.js`, built by tsc) into one file, in place: Node then reads one module instead of
// some three hundred (ajv's among them), and `dashly-sandbox start` answers sooner (see the bench's figures).
// The library entry points stay tsc's modules. @dashly/webhooks stays outside: it is loaded on the first
// delivery. JSON the code imports (the spec) is inlined; files read at run time are found from the package's
// folder (src/package-files.ts), which is `../` from the bundle as from the modules.
import { build } from "esbuild";

await build({
  entryPoints: ["dist/cli.js"],
  outfile: "dist/cli.js",
  allowOverwrite: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["@dashly/webhooks", "@dashly/webhooks/testing"],
  // Bundled CommonJS (ajv) calls `require`, which an ES module does not have.
  banner: {
    js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);",
  },
  logLevel: "warning",
});
