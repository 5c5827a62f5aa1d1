import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { DashlyRateLimitStoreError } from "../../src/errors.ts";
import { type Pacer, pacerFor } from "../../src/transport/pacing.ts";
import { MemoryRateLimitStore, type RateLimitStore } from "../../src/transport/rate-limit.ts";

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});

afterEach(() => {
  vi.useRealTimers();
});

const site = () => ({ method: "GET", path: "/users" });

/** Starts `count` acquisitions at once; each is released `holdMs` after it is granted. Records grant times. */
function acquireMany(pacer: Pacer, count: number, holdMs = 0): number[] {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    void pacer.acquire(site, undefined, undefined).then((slot) => {
      times.push(Date.now());
      if (holdMs === 0) slot.release();
      else setTimeout(() => slot.release(), holdMs);
    });
  }
  return times;
}

/** A store that counts how often it is asked. */
function countingStore(inner: RateLimitStore = new MemoryRateLimitStore()) {
  const asked = { take: 0 };
  const store: RateLimitStore = {
    take: async (key, options) => {
      asked.take++;
      return inner.take(key, options);
    },
    release: (key, slot) => inner.release(key, slot),
    pause: (key, ms) => inner.pause(key, ms),
  };
  return { store, asked };
}

describe("pacing", () => {
  test("lets `limit` through per window, then one batch per window, in the order asked", async () => {
    const times = acquireMany(
      pacerFor(new MemoryRateLimitStore(), "k", { limit: 3, windowMs: 1000 }, 5000),
      7,
    );
    await vi.advanceTimersByTimeAsync(999);
    expect(times).toEqual([0, 0, 0]);
    await vi.advanceTimersByTimeAsync(1001);
    expect(times).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  test("a slot held longer (a slow answer) pushes the next window back", async () => {
    const times = acquireMany(
      pacerFor(new MemoryRateLimitStore(), "k", { limit: 1, windowMs: 1000 }, 5000),
      2,
      300,
    );
    await vi.advanceTimersByTimeAsync(1299);
    expect(times).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(times).toEqual([0, 1300]);
  });

  test("one waiter per key asks the store: 50 queued requests cost one take per wait, not 50", async () => {
    const { store, asked } = countingStore();
    const pacer = pacerFor(store, "k", { limit: 1, windowMs: 1000 }, 5000);
    const times = acquireMany(pacer, 50);
    await vi.advanceTimersByTimeAsync(2000);
    expect(times).toEqual([0, 1000, 2000]);
    // Granted at 0, 1000, 2000, refused at 0 and 1000 (then slept); the 47 others never asked.
    expect(asked.take).toBe(6);
  });

  test("clients with the same key and store share one queue and one budget", async () => {
    const store = new MemoryRateLimitStore();
    const first = acquireMany(pacerFor(store, "k", { limit: 2, windowMs: 1000 }, 5000), 2);
    const second = acquireMany(pacerFor(store, "k", { limit: 2, windowMs: 1000 }, 5000), 2);
    const other = acquireMany(pacerFor(store, "other", { limit: 2, windowMs: 1000 }, 5000), 2);
    await vi.advanceTimersByTimeAsync(1000);
    expect([first, second, other]).toEqual([
      [0, 0],
      [1000, 1000],
      [0, 0],
    ]);
  });

  test("pause holds back every request with the key, then lets them go", async () => {
    const store = new MemoryRateLimitStore();
    const pacer = pacerFor(store, "k", { limit: 10, windowMs: 1000 }, 5000);
    await pacer.pause(site, 2000);
    const waits: string[] = [];
    void pacer.acquire(site, undefined, (ms, reason) => waits.push(`${ms} ${reason}`));
    const times = acquireMany(pacer, 2);
    await vi.advanceTimersByTimeAsync(1999);
    expect(times).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(times).toEqual([2000, 2000]);
    expect(waits).toEqual(["2000 paused"]);
  });

  test("an abort while queued rejects at once, takes no slot, and the queue moves on", async () => {
    const pacer = pacerFor(new MemoryRateLimitStore(), "k", { limit: 1, windowMs: 1000 }, 5000);
    const first = await pacer.acquire(site, undefined, undefined);
    first.release();
    const controller = new AbortController();
    const reason = new Error("caller gave up");
    const waiting = pacer.acquire(site, controller.signal, undefined);
    const after = acquireMany(pacer, 1);
    await vi.advanceTimersByTimeAsync(200);
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(Date.now()).toBe(200);
    await vi.advanceTimersByTimeAsync(800);
    expect(after).toEqual([1000]);
  });

  test("a store that fails rejects with DashlyRateLimitStoreError holding its error", async () => {
    const down = new Error("redis is down");
    const store: RateLimitStore = { take: () => Promise.reject(down), release: () => {}, pause: () => {} };
    const failure = await pacerFor(store, "k", {}, 5000)
      .acquire(site, undefined, undefined)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DashlyRateLimitStoreError);
    expect(failure).toMatchObject({ method: "GET", path: "/users", cause: down });
  });

  test("refuses options that cannot work", () => {
    const store = new MemoryRateLimitStore();
    expect(() => pacerFor(store, "k", { limit: 0 }, 1)).toThrow(RangeError);
    expect(() => pacerFor(store, "k", { limit: 2.5 }, 1)).toThrow(RangeError);
    expect(() => pacerFor(store, "k", { windowMs: 0 }, 1)).toThrow(RangeError);
  });
});
