/**
 * Pacing: how the client uses a rate-limit store. Each attempt takes a slot before it is sent and releases
 * it when it ends; in one process only one request per key asks the store at a time (a FIFO queue), the
 * others wait their turn, so that waiting never becomes polling and requests go in the order they came.
 */
import { type CallSite, DashlyRateLimitStoreError } from "../errors.ts";
import type { RateLimitStore } from "./rate-limit.ts";

export interface RateLimitOptions {
  /** Requests allowed per window; default 60 (Dashly's limit per key). */
  limit?: number;
  /** Default 60_000. */
  windowMs?: number;
  /** Where the budget lives; default one `MemoryRateLimitStore` for the process. Share one between processes with a shared store. */
  store?: RateLimitStore;
}

/** Told when a request must wait for its turn. */
export type OnWait = (waitMs: number, reason: "rate-limit" | "paused") => void;

/** A slot held by one attempt; `release` once the attempt is over. */
export interface HeldSlot {
  release(): void;
}

/** The pacing of one key in this process. */
export class Pacer {
  readonly #store: RateLimitStore;
  readonly #key: string;
  readonly #take: { limit: number; windowMs: number; holdMs: number };
  /** Settles when the last waiter in the queue has had its turn. */
  #tail: Promise<void> = Promise.resolve();
  /** Until when this process paused the key (to tell a pause from a full window in `wait` events). */
  #pausedUntil = 0;

  constructor(store: RateLimitStore, key: string, take: { limit: number; windowMs: number; holdMs: number }) {
    this.#store = store;
    this.#key = key;
    this.#take = take;
  }

  /**
   * Resolves with a slot once the store grants one. Rejects with the signal's reason as soon as it aborts
   * (the queue moves on), and with `DashlyRateLimitStoreError` when the store fails: never sends unpaced.
   */
  acquire(
    site: () => CallSite,
    signal: AbortSignal | undefined,
    onWait: OnWait | undefined,
  ): Promise<HeldSlot> {
    const previous = this.#tail;
    let leave!: () => void;
    this.#tail = new Promise((resolve) => {
      leave = resolve;
    });
    const turn = previous.then(() => this.#askUntilGranted(site, signal, onWait));
    turn.then(leave, leave);
    return signal === undefined ? turn : untilAborted(turn, signal);
  }

  /** Refuses every take of the key for `ms`, in every process sharing the store. */
  async pause(site: () => CallSite, ms: number): Promise<void> {
    this.#pausedUntil = Math.max(this.#pausedUntil, Date.now() + ms);
    try {
      await this.#store.pause(this.#key, ms);
    } catch (error) {
      throw new DashlyRateLimitStoreError(site(), error);
    }
  }

  async #askUntilGranted(
    site: () => CallSite,
    signal: AbortSignal | undefined,
    onWait: OnWait | undefined,
  ): Promise<HeldSlot> {
    for (;;) {
      signal?.throwIfAborted();
      let answer: Awaited<ReturnType<RateLimitStore["take"]>>;
      try {
        answer = await this.#store.take(this.#key, this.#take);
      } catch (error) {
        throw new DashlyRateLimitStoreError(site(), error);
      }
      if (answer.granted) return this.#held(answer.slot);
      onWait?.(answer.waitMs, this.#pausedUntil > Date.now() ? "paused" : "rate-limit");
      await sleep(answer.waitMs, signal);
    }
  }

  #held(slot: string): HeldSlot {
    const store = this.#store;
    const key = this.#key;
    return {
      release() {
        // Not awaited: a release that fails leaves the slot to count until `holdMs`, which errs on the safe side.
        try {
          const released = store.release(key, slot);
          if (released instanceof Promise) released.catch(() => {});
        } catch {}
      },
    };
  }
}

const pacers = new WeakMap<RateLimitStore, Map<string, Pacer>>();

/** The process's one pacer for `key` on `store`: clients sharing a token share its queue. */
export function pacerFor(
  store: RateLimitStore,
  key: string,
  options: RateLimitOptions,
  holdMs: number,
): Pacer {
  const { limit = 60, windowMs = 60_000 } = options;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError("rate limit must be a positive integer");
  if (!(windowMs > 0 && Number.isFinite(windowMs)))
    throw new RangeError("rate limit window must be positive");
  let byKey = pacers.get(store);
  if (byKey === undefined) {
    byKey = new Map();
    pacers.set(store, byKey);
  }
  // Keyed by the budget's shape too: two clients that disagree on the limit keep separate queues.
  const id = `${key}|${limit}|${windowMs}|${holdMs}`;
  let pacer = byKey.get(id);
  if (pacer === undefined) {
    pacer = new Pacer(store, key, { limit, windowMs, holdMs });
    byKey.set(id, pacer);
  }
  return pacer;
}

/** The slot `promise` grants, or the signal's reason as soon as it aborts (a slot granted later goes back). */
function untilAborted(promise: Promise<HeldSlot>, signal: AbortSignal): Promise<HeldSlot> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        if (signal.aborted) {
          value.release();
          return;
        }
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. Used for pacing and for
 * the transport's backoff alike.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
