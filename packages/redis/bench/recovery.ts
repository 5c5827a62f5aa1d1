/**
 * How long after a kill -9 of redis-server the rate-limit store grants again: the server is killed and
 * started again at once (its append-only file replayed), while a store on a connection opened before keeps
 * asking; measured from the kill to the first grant.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { RedisRateLimitStore } from "../src/index.ts";
import type { RedisServer } from "../src/testing.ts";

export interface Recovery {
  /** From the kill until redis-server answers PING again. */
  restartMs: number;
  /** From the kill until the store grants a slot on the connection it had. */
  firstGrantMs: number;
}

export async function recoveryAfterKill(server: RedisServer): Promise<Recovery> {
  const redis = new Redis(server.url);
  redis.on("error", () => {});
  const store = new RedisRateLimitStore(redis, { timeoutMs: 200 });
  const key = randomUUID();
  const options = { limit: 1_000, windowMs: 60_000, holdMs: 0 };
  try {
    await store.take(key, options);
    const killed = performance.now();
    await server.restart();
    const restartMs = performance.now() - killed;
    for (;;) {
      const answer = await store.take(key, options).catch(() => undefined);
      if (answer?.granted) break;
    }
    return { restartMs, firstGrantMs: performance.now() - killed };
  } finally {
    redis.disconnect();
  }
}
