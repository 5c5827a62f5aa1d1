import { describe, expect, it } from "vitest";
import { skipWithoutRedisServer } from "../src/testing.ts";
import { sleep, useRedisServer } from "./support/redis.ts";
import { runSharedBudget } from "./support/shared-budget-run.ts";

// 4 real processes x 8 concurrent callers on one key, through RedisRateLimitStore (driven by a minimal
// local pacer until the client's redesigned one lands), against an API stand-in that answers 429 as soon
// as its own sliding window would exceed 20 requests per 2 s.
describe.skipIf(skipWithoutRedisServer())("one budget shared by 4 processes x 8 callers", () => {
  const redis = useRedisServer();
  const budget = { processes: 4, concurrency: 8, limit: 20, windowMs: 2_000 };

  it("never causes a 429 and uses at least 95 % of the allowed rate, fairly", async () => {
    // A slot counts from its answer, so each window of the run loses one answer's latency (and a waiter's
    // wake-up): about 150 ms when the whole suite loads both cores. Against Dashly's 60 s window that is 0.25 %;
    // against a 2 s window it was 7 % and failed the 95 % check. A 5 s window keeps the run short and the share
    // about the pacer, not the machine's load.
    const result = await runSharedBudget({
      server: redis.server(),
      ...budget,
      windowMs: 5_000,
      durationMs: 15_000,
    });
    console.log("shared budget:", { ...result, acquireWaitsMs: result.acquireWaitsMs.length });
    expect(result.tooManyRequests).toBe(0);
    expect(result.maxInAnyWindow).toBeLessThanOrEqual(20);
    expect(result.accepted).toBeGreaterThanOrEqual(60);
    expect(result.share).toBeGreaterThanOrEqual(95);
    expect(Math.min(...result.processShares)).toBeGreaterThan(10);
  });

  it("holds a slot while its request is slow: a 2 s delay on each window's first request, still no 429", async () => {
    const result = await runSharedBudget({
      server: redis.server(),
      ...budget,
      durationMs: 8_000,
      firstRequestDelayMs: 2_000,
    });
    console.log("first request delayed:", { ...result, acquireWaitsMs: result.acquireWaitsMs.length });
    expect(result.tooManyRequests).toBe(0);
    expect(result.maxInAnyWindow).toBeLessThanOrEqual(20);
    expect(result.accepted).toBeGreaterThanOrEqual(40);
  });

  it("keeps the budget through kill -9 of redis-server and a restart: no 429 after", async () => {
    const result = await runSharedBudget({
      server: redis.server(),
      ...budget,
      durationMs: 8_000,
      // In the middle of a window: the slots it holds survive in the append-only file.
      during: async (server) => {
        await sleep(3_000);
        await server.restart();
      },
    });
    console.log("kill -9 mid-run:", { ...result, acquireWaitsMs: result.acquireWaitsMs.length });
    expect(result.tooManyRequests).toBe(0);
    expect(result.maxInAnyWindow).toBeLessThanOrEqual(20);
    expect(result.accepted).toBeGreaterThanOrEqual(60);
  });
});
