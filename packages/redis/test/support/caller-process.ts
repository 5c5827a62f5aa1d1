/**
 * One process of the shared-budget proof: `concurrency` callers that each take a slot from the Redis store,
 * call the strict API stand-in, and release the slot when the answer comes, until told to stop. Run as
 * `node --import tsx caller-process.ts '<CallerSettings JSON>'`; it prints `ready`, starts on a `go` line
 * on stdin, stops on `stop`, then prints its CallerReport as one JSON line.
 */
import { createInterface } from "node:readline";
import { Redis } from "ioredis";
import { RedisRateLimitStore } from "../../src/index.ts";
import { localPacer } from "./local-pacer.ts";

export interface CallerSettings {
  name: string;
  redisUrl: string;
  apiUrl: string;
  key: string;
  limit: number;
  windowMs: number;
  holdMs: number;
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
  /** Per granted request: ms from asking for a slot to getting it. */
  acquireWaitsMs: number[];
}

const settings = JSON.parse(process.argv[2] ?? "") as CallerSettings;
const redis = new Redis(settings.redisUrl);
redis.on("error", () => {}); // counted as store errors; ioredis reconnects by itself
const store = new RedisRateLimitStore(redis, { timeoutMs: 1_000 });
const pacer = localPacer(store, settings.key, settings);
const report: CallerReport = {
  name: settings.name,
  ok: 0,
  tooManyRequests: 0,
  failed: 0,
  storeErrors: 0,
  acquireWaitsMs: [],
};
let running = true;

async function caller(): Promise<void> {
  while (running) {
    const asked = performance.now();
    let slot: string;
    try {
      slot = await pacer.acquire();
    } catch {
      report.storeErrors++;
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    report.acquireWaitsMs.push(performance.now() - asked);
    try {
      const response = await fetch(settings.apiUrl, {
        method: "POST",
        headers: { "x-caller": settings.name },
      });
      await response.arrayBuffer();
      if (response.status === 429) {
        report.tooManyRequests++;
        await store
          .pause(settings.key, Number(response.headers.get("retry-after") ?? 1) * 1000)
          .catch(() => {});
      } else if (response.ok) report.ok++;
      else report.failed++;
    } catch {
      report.failed++;
    } finally {
      await store.release(settings.key, slot).catch(() => {});
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
