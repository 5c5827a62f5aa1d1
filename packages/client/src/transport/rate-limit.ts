/**
 * Shared budget of requests; several processes can share one through a common store (a Redis store comes later).
 * Times are milliseconds since the epoch, from the caller's clock (`Date.now()`).
 */
export interface RateLimitStore {
  /**
   * Takes one slot for `key` in the sliding window (now - windowMs, now]: returns 0 when taken (and records
   * `now`), else the ms to wait: until the oldest recorded slot leaves the window, or until a pause set with
   * `pauseUntil` ends, whichever is later. A refused take records nothing. Must be atomic per key.
   */
  take(key: string, limit: number, windowMs: number, now: number): Promise<number> | number;
  /**
   * Refuses every `take` for `key` until `until`, whatever the window holds; a pause never shortens one
   * already set. The client calls it when the server answers 429 with `Retry-After`, so that every request
   * with that key waits, not only the one refused (as Octokit's throttling does). Optional, so that stores
   * written before it still work: without it, only the refused request waits.
   */
  pauseUntil?(key: string, until: number): Promise<void> | void;
}

/**
 * A sliding log per key, in this process only. A key keeps at most `limit` timestamps: only the newest
 * `limit` starts can stand in the way of the next one.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly #logs = new Map<string, number[]>();
  readonly #pauses = new Map<string, number>();

  take(key: string, limit: number, windowMs: number, now: number): number {
    const pausedUntil = this.#pauses.get(key);
    if (pausedUntil !== undefined) {
      if (pausedUntil > now) return pausedUntil - now;
      this.#pauses.delete(key);
    }
    let log = this.#logs.get(key);
    if (log === undefined) {
      log = [];
      this.#logs.set(key, log);
    }
    // The window is full while the `limit`-th newest start is still in it.
    const blocking = log.length >= limit ? log[log.length - limit] : undefined;
    if (blocking !== undefined && blocking + windowMs > now) return blocking + windowMs - now;
    log.push(now);
    if (log.length > limit) log.splice(0, log.length - limit);
    return 0;
  }

  pauseUntil(key: string, until: number): void {
    if (until > (this.#pauses.get(key) ?? Number.NEGATIVE_INFINITY)) this.#pauses.set(key, until);
  }
}

export interface RateLimitOptions {
  /** Requests allowed per window; default 60 (Dashly's limit per key). */
  limit?: number;
  /** Default 60_000. */
  windowMs?: number;
  /** Default: a new MemoryRateLimitStore, so the budget is this limiter's alone. */
  store?: RateLimitStore;
  /**
   * Extra time each slot is held beyond `windowMs`; default 0 here (the client sets 2% of the window).
   * A request reaches the server a variable moment after its slot is granted; when a later request travels
   * faster than an earlier one, the server can see `limit + 1` arrivals within its window and answer 429.
   * Holding slots `marginMs` longer absorbs up to that much jitter.
   */
  marginMs?: number;
}

/** Paces the requests made with one key so that they never exceed the API's rate limit. */
export class RateLimiter {
  readonly #key: string;
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #store: RateLimitStore;

  constructor(key: string, options: RateLimitOptions = {}) {
    const { limit = 60, windowMs = 60_000, store = new MemoryRateLimitStore(), marginMs = 0 } = options;
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError("rate limit must be a positive integer");
    }
    if (!(windowMs > 0 && Number.isFinite(windowMs))) {
      throw new RangeError("rate limit window must be positive");
    }
    if (!(marginMs >= 0 && Number.isFinite(marginMs))) {
      throw new RangeError("rate limit margin must be zero or positive");
    }
    this.#key = key;
    this.#limit = limit;
    this.#windowMs = windowMs + marginMs;
    this.#store = store;
  }

  /**
   * Resolves when the request may go: never more than `limit` starts in any `windowMs` window for this key.
   * Rejects with signal.reason if aborted while waiting.
   */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const wait = await this.#store.take(this.#key, this.#limit, this.#windowMs, Date.now());
      if (wait <= 0) return;
      // Others may take the freed slot first (another process, say): then ask again.
      await sleep(wait, signal);
    }
  }

  /**
   * Holds back every request with this key, through any limiter on the same store, until `until` (ms since
   * the epoch). Does nothing when the store cannot pause (see `RateLimitStore.pauseUntil`).
   */
  async pauseUntil(until: number): Promise<void> {
    await this.#store.pauseUntil?.(this.#key, until);
  }
}

/**
 * Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. Used for pacing and for
 * the transport's backoff alike.
 * @internal
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
