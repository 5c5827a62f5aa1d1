/**
 * One process of the shared-budget proof: a real `@dashly/client` paced by the Redis store (one waiter per
 * key in the process, slots released when the answer comes) and `concurrency` callers that each make one
 * call after another to the strict API stand-in, until told to stop. Run as
 * `node --import tsx caller-process.ts '<CallerSettings JSON>'`; it prints `ready`, starts on a `go` line
 * on stdin, stops on `stop`, then prints its CallerReport as one JSON line.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createInterface } from "node:readline";
import { createDashlyClient, DashlyRateLimitStoreError, DashlyTooManyRequestsError } from "@dashly/client";
import { Redis } from "ioredis";
import { RedisRateLimitStore } from "../../src/index.ts";

export interface CallerSettings {
  name: string;
  redisUrl: string;
  apiUrl: string;
  /** One token for every process: its hash is the budget's key. */
  token: string;
  limit: number;
  windowMs: number;
  /** The client's per-attempt timeout, which is also how long a slot never released counts as held. */
  timeoutMs: number;
  concurrency: number;
}

export interface CallerReport {
  name: string;
  ok: number;
  tooManyRequests: number;
  /** Requests that got no answer (a network error) or another status. */
  failed: number;
  /** Takes the store refused with an error (Redis down): no request was sent for them. */
  storeErrors: number;
  /** Per request: ms from the call until the client, its slot granted, handed it to fetch. */
  acquireWaitsMs: number[];
}

const settings = JSON.parse(process.argv[2] ?? "") as CallerSettings;
const report: CallerReport = {
  name: settings.name,
  ok: 0,
  tooManyRequests: 0,
  failed: 0,
  storeErrors: 0,
  acquireWaitsMs: [],
};
const redis = new Redis(settings.redisUrl);
redis.on("error", () => {}); // counted as store errors; ioredis reconnects by itself
const store = new RedisRateLimitStore(redis, { timeoutMs: 1_000 });
/** When the current call started, for the fetch hook. */
const callStart = new AsyncLocalStorage<number>();
const dashly = createDashlyClient({
  token: settings.token,
  baseUrl: `${settings.apiUrl}/v1`,
  rateLimit: { limit: settings.limit, windowMs: settings.windowMs, store },
  timeoutMs: settings.timeoutMs,
  retry: false, // a 429 is counted, not retried away
  headers: { "x-caller": settings.name },
  fetch: (input, init) => {
    const asked = callStart.getStore();
    if (asked !== undefined) report.acquireWaitsMs.push(performance.now() - asked);
    return fetch(input, init);
  },
});

let running = true;

async function caller(): Promise<void> {
  while (running) {
    try {
      await callStart.run(performance.now(), () =>
        dashly.POST("/users/{id}/props", {
          params: { path: { id: "1000001" } },
          body: { operations: [{ op: "update_or_create", key: "proof", value: settings.name }] },
        }),
      );
      report.ok++;
    } catch (error) {
      if (error instanceof DashlyRateLimitStoreError) {
        report.storeErrors++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      } else if (error instanceof DashlyTooManyRequestsError) report.tooManyRequests++;
      else report.failed++;
    }
  }
}

await redis.ping();
console.log("ready");
const lines = createInterface({ input: process.stdin });
const callers: Promise<void>[] = [];
for await (const line of lines) {
  if (line === "go") for (let index = 0; index < settings.concurrency; index++) callers.push(caller());
  if (line === "stop") break;
}
running = false;
await Promise.all(callers);
console.log(JSON.stringify(report));
redis.disconnect();
