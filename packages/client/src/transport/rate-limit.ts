/**
 * The rate-limit store: the seam a shared store (e.g. `@dashly/redis`) plugs into, and the in-process one.
 * How the client uses a store (one waiter per key, waits, pauses) is in `pacing.ts`.
 */

/** The answer to `take`: a slot to release later, or how long until one may free up. */
export type RateLimitTake = { granted: true; slot: string } | { granted: false; waitMs: number };

export interface RateLimitTakeOptions {
  /** Slots allowed in any window. */
  limit: number;
  windowMs: number;
  /** How long a slot never released counts as held: the client passes its per-attempt timeout. */
  holdMs: number;
}

/**
 * A budget of requests per key (the client's key is a hash of the token, never the token). Implement it to
 * share one budget between processes; every method may answer synchronously or with a promise. Times are the
 * store's own: a shared store must not trust the clocks of its clients.
 */
export interface RateLimitStore {
  /**
   * One slot of `key`'s budget: at most `limit` slots in any `windowMs`, on the store's own clock. A slot
   * counts from when it was taken until it is released, then for `windowMs` after its release; a slot never
   * released counts as released `holdMs` after it was taken. Refused: how long until one may free up (a
   * lower bound is fine: the client asks again after it). A refused take records nothing. Atomic per key.
   * Rejecting (e.g. the store is unreachable) fails the request, unsent.
   */
  take(key: string, options: RateLimitTakeOptions): Promise<RateLimitTake> | RateLimitTake;
  /** The request holding `slot` is over (its answer's headers came, or it failed): its window runs from now. */
  release(key: string, slot: string): Promise<void> | void;
  /** Refuse every take for `key` for `ms` from now (a 429's Retry-After); never shortens a pause already set. */
  pause(key: string, ms: number): Promise<void> | void;
}

interface KeyState {
  /** Slots taken and not yet released, with when they were taken. */
  held: Map<string, number>;
  /** When the released slots were released; only those still within a window are kept. */
  released: number[];
  pausedUntil: number;
}

/** The store of one process: a budget per key in memory, on this process's clock (`now`, default `Date.now`). */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly #keys = new Map<string, KeyState>();
  readonly #now: () => number;
  #nextSlot = 0;

  constructor(options: { now?: () => number } = {}) {
    // Looked up at each call (not `Date.now` kept as it is now), so that test clocks installed later count.
    this.#now = options.now ?? (() => Date.now());
  }

  take(key: string, { limit, windowMs, holdMs }: RateLimitTakeOptions): RateLimitTake {
    const now = this.#now();
    const state = this.#state(key);
    if (state.pausedUntil > now) return { granted: false, waitMs: state.pausedUntil - now };
    for (const [slot, takenAt] of state.held) {
      if (takenAt + holdMs <= now) {
        state.held.delete(slot);
        state.released.push(takenAt + holdMs);
      }
    }
    state.released = state.released.filter((at) => at + windowMs > now);
    const inUse = state.held.size + state.released.length;
    if (inUse < limit) {
      const slot = String(++this.#nextSlot);
      state.held.set(slot, now);
      return { granted: true, slot };
    }
    // When each slot can leave the window at the soonest: a held one if it were released now.
    const frees = [
      ...state.released.map((at) => at + windowMs),
      ...Array.from(state.held.values(), () => now + windowMs),
    ].sort((a, b) => a - b);
    const freed = frees[inUse - limit] as number;
    return { granted: false, waitMs: Math.max(1, freed - now) };
  }

  release(key: string, slot: string): void {
    const state = this.#keys.get(key);
    if (state?.held.delete(slot)) state.released.push(this.#now());
  }

  pause(key: string, ms: number): void {
    const state = this.#state(key);
    state.pausedUntil = Math.max(state.pausedUntil, this.#now() + ms);
  }

  #state(key: string): KeyState {
    let state = this.#keys.get(key);
    if (state === undefined) {
      state = { held: new Map(), released: [], pausedUntil: 0 };
      this.#keys.set(key, state);
    }
    return state;
  }
}
