import { describe, expect, it } from "vitest";
import { RedisRateLimitStore, RedisUnavailableError } from "../src/index.ts";
import { skipWithoutRedisServer } from "../src/testing.ts";
import { useRedisServer } from "./support/redis.ts";

describe.skipIf(skipWithoutRedisServer())("RedisRateLimitStore with Redis down", () => {
  const redis = useRedisServer();
  const options = { limit: 5, windowMs: 1_000, holdMs: 1_000 };

  it("rejects every call with a RedisUnavailableError, then works again once Redis is back", async () => {
    const queued = new RedisRateLimitStore(redis.connect(), { timeoutMs: 300 });
    // A connection that refuses commands at once while disconnected, instead of queueing them.
    const unqueued = new RedisRateLimitStore(redis.connect({ enableOfflineQueue: false }), {
      timeoutMs: 300,
    });
    expect((await queued.take("key", options)).granted).toBe(true);
    await redis.server().crash();

    const failures = await Promise.all([
      queued.take("key", options).catch((error: unknown) => error),
      unqueued.take("key", options).catch((error: unknown) => error),
      queued.pause("key", 1_000).catch((error: unknown) => error),
      queued.release("key", "1000/slot").catch((error: unknown) => error),
    ]);
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(RedisUnavailableError);
      expect((failure as Error).message).toMatch(/^Redis rate-limit (take|pause|release) failed: /);
    }
    expect((failures[0] as Error).message).toBe("Redis rate-limit take failed: no answer within 300 ms");
    expect((failures[0] as RedisUnavailableError).operation).toBe("rate-limit take");

    await redis.server().restart();
    // ioredis reconnects by itself, and sends what it queued meanwhile: the pause above lands late.
    let answer = await queued.take("other-key", options).catch(() => undefined);
    while (answer === undefined) answer = await queued.take("other-key", options).catch(() => undefined);
    expect(answer.granted).toBe(true);
  });
});
