/**
 * Time per request of @dashly/client against bare openapi-fetch and raw fetch, on a loopback server, so that
 * what differs is the work done in the client. Run: `pnpm --filter @dashly/client bench`.
 *
 * Env: BENCH_N requests per variant and method per round (5000), BENCH_ROUNDS (3), BENCH_WARMUP (500),
 * BENCH_SLICE requests a variant sends before the next one takes its turn within a round (250),
 * BENCH_ONLY a comma-separated list of variants (`fetch,openapi-fetch,dashly`), e.g. to profile one alone.
 * Started with `node --expose-gc --import tsx`, it collects garbage between rounds.
 *
 * Within a round the variants take turns by slices rather than one after the other: on a shared machine
 * the load changes from second to second, and variants measured seconds apart would differ by that alone.
 */
import { isDeepStrictEqual } from "node:util";
import createClient from "openapi-fetch";
import type { paths } from "../src/generated/schema.ts";
import { createDashlyClient } from "../src/index.ts";
import { type LoopbackServer, type SeenRequest, startLoopbackServer } from "./loopback-server.ts";
import { formatTable, machine, writeResults } from "./results.ts";

const n = positiveInteger("BENCH_N", 5000);
const rounds = positiveInteger("BENCH_ROUNDS", 3);
const warmup = positiveInteger("BENCH_WARMUP", 500);
const slice = positiveInteger("BENCH_SLICE", 250);
const only = process.env.BENCH_ONLY?.split(",").map((name) => name.trim());

const token = "bench-token";
const conversationId = "7100586";
const userId = "85648207";
const operations = [{ op: "add" as const, key: "orders", value: 1 }];
const formHeaders = { "Content-Type": "application/x-www-form-urlencoded" };
// What @dashly/client adds to every URL; the other variants send it too, so that the wire is the same.
const query = { id_as_string: true, auth_token: token };
const queryString = new URLSearchParams({ id_as_string: "true", auth_token: token }).toString();

type Method = "GET" | "POST";
const methods: readonly Method[] = ["GET", "POST"];

interface Variant {
  name: "fetch" | "openapi-fetch" | "dashly";
  label: string;
  /** One request; resolves with the envelope's `data`. */
  GET(): Promise<unknown>;
  POST(): Promise<unknown>;
}

function variants(baseUrl: string): Variant[] {
  const getUrl = `${baseUrl}/conversations/${conversationId}?${queryString}`;
  const postUrl = `${baseUrl}/users/${userId}/props?${queryString}`;

  const bare = createClient<paths>({ baseUrl });
  const toForm = (body: { operations: unknown }) =>
    new URLSearchParams({ operations: JSON.stringify(body.operations) });

  // Pacing off, or 60 requests a minute would be the whole measurement; retries on, as in real use.
  const dashly = createDashlyClient({ token, baseUrl, rateLimit: false });

  return [
    {
      name: "fetch",
      label: "raw fetch",
      async GET() {
        const response = await fetch(getUrl);
        return ((await response.json()) as { data: unknown }).data;
      },
      async POST() {
        const body = new URLSearchParams({ operations: JSON.stringify(operations) });
        const response = await fetch(postUrl, { method: "POST", headers: formHeaders, body });
        return ((await response.json()) as { data: unknown }).data;
      },
    },
    {
      name: "openapi-fetch",
      label: "openapi-fetch",
      async GET() {
        const { data } = await bare.GET("/conversations/{id}", {
          params: { path: { id: conversationId }, query },
        });
        return (data as { data: unknown } | undefined)?.data;
      },
      async POST() {
        const { data } = await bare.POST("/users/{id}/props", {
          params: { path: { id: userId }, query },
          body: { operations },
          bodySerializer: toForm,
          headers: formHeaders,
        });
        return (data as { data: unknown } | undefined)?.data;
      },
    },
    {
      name: "dashly",
      label: "@dashly/client",
      async GET() {
        return (await dashly.GET("/conversations/{id}", { params: { path: { id: conversationId } } })).data;
      },
      async POST() {
        return (
          await dashly.POST("/users/{id}/props", { params: { path: { id: userId } }, body: { operations } })
        ).data;
      },
    },
  ];
}

interface Sample {
  /** Wall-clock µs per request. */
  wall: number;
  /**
   * CPU µs per request of the whole process (client, server, GC threads): steadier than wall time on a
   * shared machine, since time spent waiting for a core does not count.
   */
  cpu: number;
}

/** Means over `count` sequential requests. */
async function time(run: () => Promise<unknown>, count: number): Promise<Sample> {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < count; i++) await run();
  const wall = ((performance.now() - start) * 1000) / count;
  const cpu = process.cpuUsage(cpuStart);
  return { wall, cpu: (cpu.user + cpu.system) / count };
}

/**
 * One round of `method`: each variant sends `n` requests, the variants taking turns every `slice` requests
 * (who starts each turn rotates, so that no variant always runs right after another's garbage). Resolves
 * with each variant's means per request, in the order of `measured`.
 */
async function round(measured: readonly Variant[], method: Method, offset: number): Promise<Sample[]> {
  globalThis.gc?.();
  const totals = measured.map(() => ({ wall: 0, cpu: 0 }));
  for (let sent = 0, turn = offset; sent < n; sent += slice, turn++) {
    const count = Math.min(slice, n - sent);
    for (let i = 0; i < measured.length; i++) {
      const index = (turn + i) % measured.length;
      const variant = measured[index] as Variant;
      const total = totals[index] as Sample;
      const taken = await time(() => variant[method](), count);
      total.wall += taken.wall * count;
      total.cpu += taken.cpu * count;
    }
  }
  return totals.map((total) => ({ wall: total.wall / n, cpu: total.cpu / n }));
}

/**
 * A benchmark of different requests would measure nothing: send one request per variant and method, and
 * check that the server saw the same thing and the caller got the same data back.
 */
async function checkSameRequests(server: LoopbackServer, measured: readonly Variant[]): Promise<void> {
  for (const method of methods) {
    let first: { variant: string; seen: SeenRequest; data: unknown } | undefined;
    for (const variant of measured) {
      const seenPromise = server.nextRequest();
      const data = await variant[method]();
      const seen = await seenPromise;
      if (first === undefined) first = { variant: variant.name, seen, data };
      else if (!isDeepStrictEqual(seen, first.seen) || !isDeepStrictEqual(data, first.data)) {
        throw new Error(
          `${variant.name} and ${first.variant} differ on ${method}:\n${JSON.stringify({ seen, data })}\n${JSON.stringify(first)}`,
        );
      }
    }
    if (first)
      console.log(`${method} ${first.seen.url}${first.seen.body ? `  body: ${first.seen.body}` : ""}`);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function positiveInteger(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be a positive integer, not ${text}`);
  return value;
}

async function main(): Promise<void> {
  const host = machine();
  console.log(`${host.cpu}, ${host.cores} cores, Node ${host.node}, ${host.os}`);
  console.log(
    `${n} sequential requests per variant and method per round (taking turns every ${slice}), ${rounds} rounds, ${warmup} warm-up\n`,
  );

  const server = await startLoopbackServer();
  try {
    const measured = variants(server.baseUrl).filter((variant) => !only || only.includes(variant.name));
    if (measured.length === 0) throw new Error(`BENCH_ONLY=${process.env.BENCH_ONLY} names no variant`);
    await checkSameRequests(server, measured);

    for (const method of methods) for (const variant of measured) await time(() => variant[method](), warmup);

    const samples = new Map<string, Sample[]>();
    for (let index = 0; index < rounds; index++) {
      for (const method of methods) {
        const taken = await round(measured, method, index);
        measured.forEach((variant, at) => {
          const key = `${variant.name} ${method}`;
          samples.set(key, [...(samples.get(key) ?? []), taken[at] as Sample]);
        });
      }
    }

    const figures = methods.flatMap((method) => {
      const medianOf = (name: string) => {
        const values = samples.get(`${name} ${method}`);
        return values ? median(values.map((one) => one.wall)) : undefined;
      };
      const fetchUs = medianOf("fetch");
      const bareUs = medianOf("openapi-fetch");
      return measured.map((variant) => {
        const values = samples.get(`${variant.name} ${method}`) ?? [];
        const us = median(values.map((one) => one.wall));
        return {
          variant: variant.label,
          method,
          usPerRequest: round2(us),
          samplesUs: values.map((one) => round2(one.wall)),
          cpuUsPerRequest: round2(median(values.map((one) => one.cpu))),
          vsFetch: fetchUs === undefined ? null : round2(us / fetchUs),
          vsOpenapiFetch: bareUs === undefined ? null : round2(us / bareUs),
          extraUsVsOpenapiFetch: bareUs === undefined ? null : round2(us - bareUs),
        };
      });
    });

    const ratio = (value: number | null) => (value === null ? "-" : `${value.toFixed(2)}x`);
    console.log(
      `\n${formatTable(
        [
          [
            "variant",
            "method",
            "µs/req (median)",
            "samples (µs)",
            "CPU µs/req",
            "vs fetch",
            "vs openapi-fetch",
            "+µs vs openapi-fetch",
          ],
          ...figures.map((figure) => [
            figure.variant,
            figure.method,
            figure.usPerRequest.toFixed(1),
            figure.samplesUs.map((us) => us.toFixed(1)).join(" / "),
            figure.cpuUsPerRequest.toFixed(1),
            ratio(figure.vsFetch),
            ratio(figure.vsOpenapiFetch),
            figure.extraUsVsOpenapiFetch === null ? "-" : figure.extraUsVsOpenapiFetch.toFixed(1),
          ]),
        ],
        [false, false, true, true, true, true, true, true],
      )}\n`,
    );

    if (only) {
      console.log("BENCH_ONLY is set: results not written");
      return;
    }
    const file = await writeResults("client-overhead.json", {
      benchmark: "client-overhead",
      date: new Date().toISOString(),
      machine: host,
      n,
      rounds,
      warmup,
      slice,
      gcBetweenSamples: typeof globalThis.gc === "function",
      figures,
    });
    console.log(`written to ${file}`);
  } finally {
    await server.close();
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

await main();
