/**
 * The same schedule through two limiters on one Redis: RedisRateLimitStore (a sliding log) and
 * rate-limiter-flexible's RateLimiterRedis (a fixed window that starts at a key's first request). One
 * request opens the window; just before its end a burst of `limit`, just after it another burst of `limit`.
 * Returned: the most grants that fall within any `windowMs`, and when each limiter granted.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { RateLimiterRedis } from "rate-limiter-flexible";
import { RedisRateLimitStore } from "../src/index.ts";
import { maxInAnyWindow } from "../test/support/strict-window-server.ts";

export interface WindowEdgeResult {
  limit: number;
  windowMs: number;
  slidingLogMaxInWindow: number;
  fixedWindowMaxInWindow: number;
}

type TryOnce = () => Promise<boolean>;

/** `windowEdge` on a connection of its own to `url`. */
export async function windowEdgeOnServer(
  url: string,
  limit: number,
  windowMs: number,
): Promise<WindowEdgeResult> {
  const redis = new Redis(url);
  try {
    return await windowEdge(redis, limit, windowMs);
  } finally {
    redis.disconnect();
  }
}

export async function windowEdge(redis: Redis, limit: number, windowMs: number): Promise<WindowEdgeResult> {
  const store = new RedisRateLimitStore(redis);
  const storeKey = randomUUID();
  const slidingLog: TryOnce = async () => {
    const answer = await store.take(storeKey, { limit, windowMs, holdMs: 0 });
    if (answer.granted) await store.release(storeKey, answer.slot);
    return answer.granted;
  };
  const fixed = new RateLimiterRedis({
    storeClient: redis,
    points: limit,
    duration: windowMs / 1000,
    keyPrefix: `bench-${randomUUID()}`,
  });
  const fixedWindow: TryOnce = () =>
    fixed.consume("key").then(
      () => true,
      () => false,
    );
  const [slidingGrants, fixedGrants] = await Promise.all([
    schedule(slidingLog, limit, windowMs),
    schedule(fixedWindow, limit, windowMs),
  ]);
  return {
    limit,
    windowMs,
    slidingLogMaxInWindow: maxInAnyWindow(slidingGrants, windowMs),
    fixedWindowMaxInWindow: maxInAnyWindow(fixedGrants, windowMs),
  };
}

/** When each granted request was granted (ms from the start) under the edge schedule. */
async function schedule(tryOnce: TryOnce, limit: number, windowMs: number): Promise<number[]> {
  const started = performance.now();
  const grants: number[] = [];
  const burst = async (count: number): Promise<void> => {
    const answers = await Promise.all(Array.from({ length: count }, tryOnce));
    const at = performance.now() - started;
    for (const granted of answers) if (granted) grants.push(at);
  };
  const at = (ms: number) =>
    new Promise((resolve) => setTimeout(resolve, ms - (performance.now() - started)));
  await burst(1);
  await at(windowMs * 0.95);
  await burst(limit);
  await at(windowMs * 1.05);
  await burst(limit);
  return grants;
}
