import { describe, expect, test } from "vitest";
import { MemoryRateLimitStore, type RateLimitTake } from "../../src/transport/rate-limit.ts";

/** A store on a clock the test moves. */
function storeAt(start = 0) {
  const clock = { now: start };
  const store = new MemoryRateLimitStore({ now: () => clock.now });
  return { store, clock };
}

const budget = (limit: number, windowMs = 1000, holdMs = 5000) => ({ limit, windowMs, holdMs });
const slotOf = (take: RateLimitTake): string => {
  if (!take.granted) throw new Error(`refused, wait ${take.waitMs}`);
  return take.slot;
};
const waitOf = (take: RateLimitTake): number | "granted" => (take.granted ? "granted" : take.waitMs);

describe("MemoryRateLimitStore.take and release", () => {
  test("grants `limit` slots, then refuses until a released slot leaves the window", () => {
    const { store, clock } = storeAt();
    const slots = [1, 2, 3].map(() => slotOf(store.take("k", budget(3))));
    expect(new Set(slots).size).toBe(3);
    expect(waitOf(store.take("k", budget(3)))).toBe(1000);
    clock.now = 200;
    store.release("k", slots[0] as string);
    clock.now = 400;
    // Slot 1 counts until 200 + 1000; the held ones at best until 400 + 1000.
    expect(waitOf(store.take("k", budget(3)))).toBe(800);
    clock.now = 1199;
    expect(waitOf(store.take("k", budget(3)))).toBe(1);
    clock.now = 1200;
    expect(waitOf(store.take("k", budget(3)))).toBe("granted");
  });

  test("a slot counts from its release, however long the request took", () => {
    const { store, clock } = storeAt();
    const slot = slotOf(store.take("k", budget(1)));
    clock.now = 3000; // a slow answer: taken at 0, released at 3000
    store.release("k", slot);
    clock.now = 3999;
    expect(waitOf(store.take("k", budget(1)))).toBe(1);
    clock.now = 4000;
    expect(waitOf(store.take("k", budget(1)))).toBe("granted");
  });

  test("a slot never released counts as released holdMs after it was taken", () => {
    const { store, clock } = storeAt();
    slotOf(store.take("k", budget(1, 1000, 5000)));
    clock.now = 5999;
    expect(waitOf(store.take("k", budget(1, 1000, 5000)))).toBe(1);
    clock.now = 6000;
    expect(waitOf(store.take("k", budget(1, 1000, 5000)))).toBe("granted");
  });

  test("a refused take records nothing; releasing an unknown or released slot does nothing", () => {
    const { store, clock } = storeAt();
    const slot = slotOf(store.take("k", budget(1)));
    store.release("k", slot);
    expect(waitOf(store.take("k", budget(1)))).toBe(1000);
    store.release("k", slot);
    store.release("k", "no-such-slot");
    clock.now = 1000;
    expect(waitOf(store.take("k", budget(1)))).toBe("granted");
  });

  test("keeps one budget per key", () => {
    const { store } = storeAt();
    slotOf(store.take("a", budget(1)));
    slotOf(store.take("b", budget(1)));
    expect(waitOf(store.take("a", budget(1)))).toBe(1000);
  });

  test("honours a lower limit than an earlier caller used", () => {
    const { store } = storeAt();
    for (let i = 0; i < 3; i++) slotOf(store.take("k", budget(3)));
    expect(waitOf(store.take("k", budget(2)))).toBe(1000);
  });
});

describe("MemoryRateLimitStore.pause", () => {
  test("refuses every take for the key for the pause, recording none of them", () => {
    const { store, clock } = storeAt();
    store.release("k", slotOf(store.take("k", budget(2))));
    store.pause("k", 2000);
    clock.now = 500;
    expect(waitOf(store.take("k", budget(2)))).toBe(1500);
    clock.now = 2000;
    // The refused takes took no slot: at 2000 the window holds nothing, so both slots are free.
    expect([1, 2, 3].map(() => waitOf(store.take("k", budget(2))))).toEqual(["granted", "granted", 1000]);
  });

  test("pauses one key only", () => {
    const { store } = storeAt();
    store.pause("a", 2000);
    expect(waitOf(store.take("b", budget(1)))).toBe("granted");
    expect(waitOf(store.take("a", budget(1)))).toBe(2000);
  });

  test("a shorter pause does not cut a longer one short", () => {
    const { store, clock } = storeAt();
    store.pause("k", 3000);
    store.pause("k", 1000);
    clock.now = 2000;
    expect(waitOf(store.take("k", budget(1)))).toBe(1000);
    store.pause("k", 2000);
    expect(waitOf(store.take("k", budget(1)))).toBe(2000);
  });
});
