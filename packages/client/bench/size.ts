/**
 * Bundle size of @dashly/client as a consumer's bundler would ship it: src/index.ts bundled with
 * openapi-fetch, minified, then gzipped. Budget: 8 kB min+gz, openapi-fetch included.
 */
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { type BuildOptions, build, version as esbuildVersion } from "esbuild";
import { formatTable, machine, writeResults } from "./results.ts";

const budgetBytes = 8_000;

const options = {
  bundle: true,
  minify: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: ["node:*"],
  write: false,
  metafile: true,
} satisfies BuildOptions;

interface Bundle {
  minified: number;
  gzipped: number;
  /** Minified bytes each input file contributes, biggest first. */
  inputs: { file: string; bytes: number }[];
}

async function bundle(entry: string): Promise<Bundle> {
  const result = await build({ ...options, entryPoints: [entry] });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error(`esbuild produced nothing for ${entry}`);
  const meta = Object.values(result.metafile.outputs)[0];
  return {
    minified: output.contents.byteLength,
    gzipped: gzipSync(output.contents, { level: 9 }).byteLength,
    inputs: Object.entries(meta?.inputs ?? {})
      .map(([file, { bytesInOutput }]) => ({ file: shortName(file), bytes: bytesInOutput }))
      .sort((a, b) => b.bytes - a.bytes),
  };
}

/** `src/client.ts`, `openapi-fetch/dist/index.mjs`: pnpm's store path says nothing. */
function shortName(file: string): string {
  return file.replace(/^.*node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, "");
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`;
const share = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)}%`;

async function main(): Promise<void> {
  const clientEntry = fileURLToPath(new URL("../src/index.ts", import.meta.url));
  const openapiFetchEntry = fileURLToPath(import.meta.resolve("openapi-fetch"));
  const client = await bundle(clientEntry);
  const openapiFetch = await bundle(openapiFetchEntry);
  const openapiFetchInClient = client.inputs
    .filter((input) => input.file.startsWith("openapi-fetch/"))
    .reduce((sum, input) => sum + input.bytes, 0);

  const ownMinified = client.minified - openapiFetchInClient;
  console.log(`esbuild ${esbuildVersion}, Node ${process.version}; 1 kB = 1000 bytes, gzip level 9\n`);
  console.log(
    formatTable(
      [
        ["bundle", "min", "min+gz", "share of min", "share of min+gz"],
        [
          "@dashly/client (src/index.ts, openapi-fetch included)",
          kB(client.minified),
          kB(client.gzipped),
          "100%",
          "100%",
        ],
        // gzip cannot be split by source file: compare with openapi-fetch gzipped on its own.
        [
          "openapi-fetch, whole entry bundled alone",
          kB(openapiFetch.minified),
          kB(openapiFetch.gzipped),
          "-",
          `~${share(openapiFetch.gzipped, client.gzipped)}`,
        ],
        [
          "openapi-fetch inside the client bundle (tree-shaken)",
          kB(openapiFetchInClient),
          "-",
          share(openapiFetchInClient, client.minified),
          "-",
        ],
        ["@dashly/client's own code", kB(ownMinified), "-", share(ownMinified, client.minified), "-"],
      ],
      [false, true, true, true, true],
    ),
  );
  console.log(
    `\nbudget ${kB(budgetBytes)} min+gz, openapi-fetch included: ${client.gzipped <= budgetBytes ? "within" : "OVER"} (${client.gzipped} bytes)\n`,
  );
  console.log(
    formatTable(
      [
        ["input (minified bytes in the client bundle)", "bytes", "share"],
        ...client.inputs.map((input) => [
          input.file,
          String(input.bytes),
          share(input.bytes, client.minified),
        ]),
      ],
      [false, true, true],
    ),
  );

  const file = await writeResults("client-size.json", {
    benchmark: "client-size",
    date: new Date().toISOString(),
    esbuild: esbuildVersion,
    node: machine().node,
    options: { ...options, entryPoints: ["src/index.ts"] },
    budgetBytes,
    withinBudget: client.gzipped <= budgetBytes,
    client: {
      minifiedBytes: client.minified,
      gzipBytes: client.gzipped,
      ownMinifiedBytes: ownMinified,
      inputs: client.inputs,
    },
    openapiFetch: {
      minifiedBytes: openapiFetch.minified,
      gzipBytes: openapiFetch.gzipped,
      minifiedBytesInClientBundle: openapiFetchInClient,
    },
  });
  console.log(`\nwritten to ${file}`);
}

await main();
