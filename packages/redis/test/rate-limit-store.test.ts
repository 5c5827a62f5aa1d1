import { randomUUID } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { RedisRateLimitStore } from "../src/index.ts";
import { skipWithoutRedisServer } from "../src/testing.ts";
import { sleep, useRedisServer } from "./support/redis.ts";

describe.skipIf(skipWithoutRedisServer())("RedisRateLimitStore", () => {
  const redis = useRedisServer();
  const freshKey = () => randomUUID();

  it("grants `limit` slots in a window, then says how long until one may free", async () => {
    const store = new RedisRateLimitStore(redis.connect());
    const key = freshKey();
    const options = { limit: 3, windowMs: 1_000, holdMs: 5_000 };
    const grants = await Promise.all([1, 2, 3].map(() => store.take(key, options)));
    expect(grants.every((grant) => grant.granted)).toBe(true);
    for (const grant of grants) if (grant.granted) await store.release(key, grant.slot);
    const refused = await store.take(key, options);
    expect(refused.granted).toBe(false);
    if (!refused.granted) {
      expect(refused.waitMs).toBeGreaterThan(800);
      expect(refused.waitMs).toBeLessThanOrEqual(1_000);
    }
  });

  it("keeps grants made in the same millisecond apart: a slot per grant, never merged", async () => {
    const connection = redis.connect();
    const store = new RedisRateLimitStore(connection);
    const key = freshKey();
    const options = { limit: 200, windowMs: 60_000, holdMs: 60_000 };
    // 200 takes in one pipeline run back to back on the server, many in the same millisecond.
    const grants = await Promise.all(Array.from({ length: 200 }, () => store.take(key, options)));
    const slots = grants.map((grant) => (grant.granted ? grant.slot : "refused"));
    expect(new Set(slots).size).toBe(200);
    expect(slots).not.toContain("refused");
    expect(await connection.zcard(`dashly:rate-limit:{${key}}:slots`)).toBe(200);
    expect((await store.take(key, options)).granted).toBe(false);
  });

  it("holds a slot until it is released, then counts it for a window from the release", async () => {
    const store = new RedisRateLimitStore(redis.connect());
    const key = freshKey();
    const options = { limit: 1, windowMs: 150, holdMs: 10_000 };
    const first = await store.take(key, options);
    expect(first.granted).toBe(true);
    await sleep(400); // well past a window: a slot counted from its take would have freed
    const whileHeld = await store.take(key, options);
    expect(whileHeld).toMatchObject({ granted: false });
    // While every slot is held, the soonest one may free is a window away (if released now).
    if (!whileHeld.granted) expect(whileHeld.waitMs).toBeLessThanOrEqual(150);
    if (first.granted) await store.release(key, first.slot);
    expect((await store.take(key, options)).granted).toBe(false);
    await sleep(250);
    expect((await store.take(key, options)).granted).toBe(true);
  });

  it("counts a slot never released as released `holdMs` after it was taken", async () => {
    const store = new RedisRateLimitStore(redis.connect());
    const key = freshKey();
    const options = { limit: 1, windowMs: 100, holdMs: 200 };
    expect((await store.take(key, options)).granted).toBe(true);
    await sleep(150);
    expect((await store.take(key, options)).granted).toBe(false);
    await sleep(250);
    expect((await store.take(key, options)).granted).toBe(true);
  });

  it("ignores the release of a slot that no longer counts, and refuses a slot it never gave out", async () => {
    const connection = redis.connect();
    const store = new RedisRateLimitStore(connection);
    const key = freshKey();
    const options = { limit: 1, windowMs: 50, holdMs: 50 };
    const stale = await store.take(key, options);
    await sleep(150);
    const current = await store.take(key, options);
    expect(current.granted).toBe(true);
    if (stale.granted) await store.release(key, stale.slot);
    expect(await connection.zcard(`dashly:rate-limit:{${key}}:slots`)).toBe(1);
    await expect(store.release(key, "not-a-slot")).rejects.toThrow(TypeError);
  });

  it("shares a pause between every process on the key, and never shortens one", async () => {
    const first = new RedisRateLimitStore(redis.connect());
    const second = new RedisRateLimitStore(redis.connect());
    const key = freshKey();
    const options = { limit: 10, windowMs: 1_000, holdMs: 1_000 };
    await first.pause(key, 800);
    await first.pause(key, 100);
    const refused = await second.take(key, options);
    expect(refused.granted).toBe(false);
    if (!refused.granted) {
      expect(refused.waitMs).toBeGreaterThan(600);
      // Whole ms, rounded so that a pause never ends early: at most 1 ms longer.
      expect(refused.waitMs).toBeLessThanOrEqual(801);
    }
    expect((await second.take(freshKey(), options)).granted).toBe(true);
  });

  it("reads the time from Redis, not from the caller's clock", async () => {
    const store = new RedisRateLimitStore(redis.connect());
    const key = freshKey();
    const options = { limit: 1, windowMs: 60_000, holdMs: 0 };
    expect((await store.take(key, options)).granted).toBe(true);
    // A caller whose clock runs two minutes ahead still sees the slot counting.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 120_000 });
    try {
      const refused = await store.take(key, options);
      expect(refused.granted).toBe(false);
      if (!refused.granted) expect(refused.waitMs).toBeGreaterThan(50_000);
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses bad input with a typed error, before asking Redis", async () => {
    const store = new RedisRateLimitStore(redis.connect());
    await expect(store.take("k", { limit: 0, windowMs: 1_000, holdMs: 0 })).rejects.toThrow(RangeError);
    await expect(store.take("k", { limit: 1, windowMs: 0, holdMs: 0 })).rejects.toThrow(RangeError);
    const forever = { limit: 1, windowMs: 1_000, holdMs: Number.POSITIVE_INFINITY };
    await expect(store.take("k", forever)).rejects.toThrow(RangeError);
    await expect(store.take("", { limit: 1, windowMs: 1_000, holdMs: 0 })).rejects.toThrow(TypeError);
    await expect(store.pause("k", Number.NaN)).rejects.toThrow(RangeError);
    expect(() => new RedisRateLimitStore(redis.connect(), { prefix: "a{b}:" })).toThrow(TypeError);
  });
});
