/**
 * The client's own benchmarks (packages/client/bench), run as they are, in child processes: their results
 * JSON is what this report reads. Nothing in packages/client is changed.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { runOrThrow } from "../scripts/child-process.ts";
import { type Figure, round, type Section } from "./report.ts";

const clientDir = fileURLToPath(new URL("../packages/client/", import.meta.url));
const resultsDir = new URL("../packages/client/bench/results/", import.meta.url);

/** Reads a results file and checks that this run wrote it (not a stale one from an earlier run). */
async function readFresh<T extends { date: string }>(name: string, since: Date): Promise<T> {
  const results = JSON.parse(await readFile(new URL(name, resultsDir), "utf8")) as T;
  if (new Date(results.date) < since)
    throw new Error(`packages/client/bench/results/${name} is older than this run: was it written?`);
  return results;
}

interface OverheadResults {
  date: string;
  n: number;
  rounds: number;
  warmup: number;
  gcBetweenSamples: boolean;
  figures: Array<{
    variant: string;
    method: "GET" | "POST";
    usPerRequest: number;
    samplesUs: number[];
    cpuUsPerRequest: number;
    vsFetch: number | null;
    vsOpenapiFetch: number | null;
  }>;
}

export function clientOverheadSection({ quick }: { quick: boolean }): Section {
  const env = quick
    ? { BENCH_N: "1000", BENCH_ROUNDS: "3", BENCH_WARMUP: "200" }
    : { BENCH_N: "5000", BENCH_ROUNDS: "3", BENCH_WARMUP: "500" };
  return {
    key: "clientOverhead",
    title: "Client overhead",
    async run() {
      const since = new Date();
      // --expose-gc: the client's bench then collects garbage between samples, so that no variant pays
      // for another's garbage.
      await runOrThrow(process.execPath, ["--expose-gc", "--import", "tsx", "bench/overhead.ts"], {
        cwd: clientDir,
        env,
      });
      const results = await readFresh<OverheadResults>("client-overhead.json", since);
      const find = (variant: string, method: string) => {
        const figure = results.figures.find((one) => one.variant === variant && one.method === method);
        if (!figure) throw new Error(`client-overhead.json has no ${variant} ${method}`);
        return figure;
      };
      const figures: Figure[] = [];
      for (const method of ["GET", "POST"] as const) {
        const dashly = find("@dashly/client", method);
        const bare = find("openapi-fetch", method);
        const raw = find("raw fetch", method);
        const key = method.toLowerCase();
        figures.push(
          {
            id: `client.${key}.dashlyUs`,
            label: `${method} µs/req, @dashly/client`,
            value: dashly.usPerRequest,
            unit: "µs",
          },
          {
            id: `client.${key}.openapiFetchUs`,
            label: `${method} µs/req, bare openapi-fetch`,
            value: bare.usPerRequest,
            unit: "µs",
          },
          {
            id: `client.${key}.fetchUs`,
            label: `${method} µs/req, raw fetch`,
            value: raw.usPerRequest,
            unit: "µs",
          },
          {
            id: `client.${key}.vsOpenapiFetch`,
            label: `${method} client vs bare openapi-fetch`,
            value: round(dashly.usPerRequest / bare.usPerRequest),
            unit: "x",
            goal: { kind: "max", target: 1.05, text: "≤ 1.05x" },
          },
          {
            id: `client.${key}.vsFetch`,
            label: `${method} client vs raw fetch`,
            value: round(dashly.usPerRequest / raw.usPerRequest),
            unit: "x",
          },
        );
      }
      return {
        figures,
        details: { source: "packages/client/bench/results/client-overhead.json", ...results },
        method: [
          `packages/client/bench/overhead.ts in a child process (node --expose-gc --import tsx): ${results.n} sequential requests per variant and method per round, ${results.rounds} rounds (variants rotated), ${results.warmup} warm-up; wall µs/req is the median of the rounds`,
          "all three variants send the same request to the same loopback server (the bench checks it); it measures packages/client/src as it is now",
        ],
      };
    },
  };
}

interface SizeResults {
  date: string;
  esbuild: string;
  budgetBytes: number;
  client: { minifiedBytes: number; gzipBytes: number; ownMinifiedBytes: number };
  openapiFetch: { gzipBytes: number; minifiedBytesInClientBundle: number };
}

export function clientSizeSection(): Section {
  return {
    key: "packageSize",
    title: "Package size",
    async run() {
      const since = new Date();
      await runOrThrow(process.execPath, ["--import", "tsx", "bench/size.ts"], { cwd: clientDir });
      const results = await readFresh<SizeResults>("client-size.json", since);
      return {
        figures: [
          {
            id: "size.clientMinGz",
            label: "@dashly/client + openapi-fetch, min+gz",
            value: results.client.gzipBytes / 1000,
            unit: "kB",
            goal: { kind: "max", target: 8, text: "≤ 8 kB" },
          },
          {
            id: "size.clientMin",
            label: "@dashly/client + openapi-fetch, min",
            value: results.client.minifiedBytes / 1000,
            unit: "kB",
          },
        ],
        details: { source: "packages/client/bench/results/client-size.json", ...results },
        method: [
          `packages/client/bench/size.ts: src/index.ts bundled with openapi-fetch by esbuild ${results.esbuild} (ESM, minified, node20), gzip level 9; 1 kB = 1000 bytes`,
        ],
      };
    },
  };
}
