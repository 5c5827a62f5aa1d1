import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { RateLimitStore } from "../../src/transport/rate-limit.ts";
import { MemoryRateLimitStore, RateLimiter } from "../../src/transport/rate-limit.ts";

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});

afterEach(() => {
  vi.useRealTimers();
});

/** Starts `count` acquisitions at once and records the fake-clock time each one is let through. */
function acquireMany(limiter: RateLimiter, count: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    void limiter.acquire().then(() => times.push(Date.now()));
  }
  return times;
}

describe("MemoryRateLimitStore", () => {
  test("answers the wait until the oldest start leaves the window", () => {
    const store = new MemoryRateLimitStore();
    expect([0, 0, 0].map((now) => store.take("k", 3, 1000, now))).toEqual([0, 0, 0]);
    expect(store.take("k", 3, 1000, 0)).toBe(1000);
    expect(store.take("k", 3, 1000, 400)).toBe(600);
    expect(store.take("k", 3, 1000, 999)).toBe(1);
    // The window is (now - 1000, now]: at 1000 the starts made at 0 are out of it.
    expect(store.take("k", 3, 1000, 1000)).toBe(0);
  });

  test("a refused take records nothing", () => {
    const store = new MemoryRateLimitStore();
    store.take("k", 1, 1000, 0);
    expect(store.take("k", 1, 1000, 500)).toBe(500);
    expect(store.take("k", 1, 1000, 1000)).toBe(0);
    expect(store.take("k", 1, 1000, 1500)).toBe(500);
  });

  test("keeps one budget per key", () => {
    const store = new MemoryRateLimitStore();
    expect(store.take("a", 1, 1000, 0)).toBe(0);
    expect(store.take("b", 1, 1000, 0)).toBe(0);
    expect(store.take("a", 1, 1000, 0)).toBe(1000);
    expect(store.take("b", 1, 1000, 300)).toBe(700);
  });

  test("honours a lower limit than an earlier caller used", () => {
    const store = new MemoryRateLimitStore();
    store.take("k", 3, 1000, 0);
    store.take("k", 3, 1000, 100);
    store.take("k", 3, 1000, 200);
    expect(store.take("k", 2, 1000, 300)).toBe(800);
  });
});

describe("MemoryRateLimitStore.pauseUntil", () => {
  test("refuses every take for the key until the pause ends, recording none of them", () => {
    const store = new MemoryRateLimitStore();
    expect(store.take("k", 2, 1000, 0)).toBe(0);
    store.pauseUntil("k", 2000);
    expect([500, 1999].map((now) => store.take("k", 2, 1000, now))).toEqual([1500, 1]);
    // The refused takes took no slot: at 2000 the window (1000, 2000] is empty, so both slots are free.
    expect([2000, 2000, 2000].map((now) => store.take("k", 2, 1000, now))).toEqual([0, 0, 1000]);
  });

  test("pauses one key only", () => {
    const store = new MemoryRateLimitStore();
    store.pauseUntil("a", 2000);
    expect(store.take("b", 1, 1000, 0)).toBe(0);
    expect(store.take("a", 1, 1000, 0)).toBe(2000);
  });

  test("a shorter pause does not cut a longer one short", () => {
    const store = new MemoryRateLimitStore();
    store.pauseUntil("k", 3000);
    store.pauseUntil("k", 1000);
    expect(store.take("k", 1, 1000, 2000)).toBe(1000);
    store.pauseUntil("k", 4000);
    expect(store.take("k", 1, 1000, 2000)).toBe(2000);
  });
});

describe("RateLimiter", () => {
  test("lets `limit` through per window, then one batch per window", async () => {
    const times = acquireMany(new RateLimiter("k", { limit: 3, windowMs: 1000 }), 7);
    await vi.advanceTimersByTimeAsync(999);
    expect(times).toEqual([0, 0, 0]);
    await vi.advanceTimersByTimeAsync(1001);
    expect(times).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  test("defaults to 60 a minute", async () => {
    const times = acquireMany(new RateLimiter("k"), 61);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(times).toHaveLength(60);
    await vi.advanceTimersByTimeAsync(1);
    expect(times.at(-1)).toBe(60_000);
  });

  test("two keys in one store do not share a budget", async () => {
    const store = new MemoryRateLimitStore();
    const a = acquireMany(new RateLimiter("a", { limit: 1, windowMs: 1000, store }), 2);
    const b = acquireMany(new RateLimiter("b", { limit: 1, windowMs: 1000, store }), 2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(a).toEqual([0, 1000]);
    expect(b).toEqual([0, 1000]);
  });

  test("two limiters with the same key and store share one budget, as processes sharing a store do", async () => {
    const store = new MemoryRateLimitStore();
    const first = acquireMany(new RateLimiter("k", { limit: 2, windowMs: 1000, store }), 2);
    const second = acquireMany(new RateLimiter("k", { limit: 2, windowMs: 1000, store }), 2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(first).toEqual([0, 0]);
    expect(second).toEqual([1000, 1000]);
  });

  test("works with a store that answers asynchronously", async () => {
    const memory = new MemoryRateLimitStore();
    const remote: RateLimitStore = {
      take: async (key, limit, windowMs, now) => memory.take(key, limit, windowMs, now),
    };
    const times = acquireMany(new RateLimiter("k", { limit: 2, windowMs: 500, store: remote }), 3);
    await vi.advanceTimersByTimeAsync(500);
    expect(times).toEqual([0, 0, 500]);
  });

  test("pauseUntil holds back every limiter with that key on the store, then lets them go", async () => {
    const store = new MemoryRateLimitStore();
    const first = new RateLimiter("k", { limit: 10, windowMs: 1000, store });
    await first.pauseUntil(2000);
    const a = acquireMany(first, 2);
    const b = acquireMany(new RateLimiter("k", { limit: 10, windowMs: 1000, store }), 2);
    const other = acquireMany(new RateLimiter("other", { limit: 10, windowMs: 1000, store }), 1);
    await vi.advanceTimersByTimeAsync(1999);
    expect([a, b, other]).toEqual([[], [], [0]]);
    await vi.advanceTimersByTimeAsync(1);
    expect([a, b]).toEqual([
      [2000, 2000],
      [2000, 2000],
    ]);
  });

  test("pauseUntil does nothing with a store that cannot pause", async () => {
    const memory = new MemoryRateLimitStore();
    const takeOnly: RateLimitStore = { take: (...args) => memory.take(...args) };
    const limiter = new RateLimiter("k", { limit: 10, windowMs: 1000, store: takeOnly });
    await limiter.pauseUntil(2000);
    const times = acquireMany(limiter, 1);
    await vi.advanceTimersByTimeAsync(0);
    expect(times).toEqual([0]);
  });

  test("rejects with the abort reason while waiting, and the aborted wait takes no slot", async () => {
    const limiter = new RateLimiter("k", { limit: 1, windowMs: 1000 });
    await limiter.acquire();
    const controller = new AbortController();
    const reason = new Error("caller gave up");
    const waiting = limiter.acquire(controller.signal);
    await vi.advanceTimersByTimeAsync(200);
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(Date.now()).toBe(200);

    const times = acquireMany(limiter, 1);
    await vi.advanceTimersByTimeAsync(800);
    expect(times).toEqual([1000]);
  });

  test("rejects at once when the signal is already aborted", async () => {
    const reason = new Error("already aborted");
    await expect(new RateLimiter("k").acquire(AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  test("refuses options that cannot work", () => {
    expect(() => new RateLimiter("k", { limit: 0 })).toThrow(RangeError);
    expect(() => new RateLimiter("k", { limit: 2.5 })).toThrow(RangeError);
    expect(() => new RateLimiter("k", { windowMs: 0 })).toThrow(RangeError);
  });
});
