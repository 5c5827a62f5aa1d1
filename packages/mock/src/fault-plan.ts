import { createHash } from "node:crypto";

/**
 * What the fault injector can do to a request:
 * - `rate-limited`: 429 `TooManyRequests` with `Retry-After`;
 * - `server-error`: 500 `Error500`;
 * - `unavailable`: 503 with the same envelope;
 * - `slow`: holds the request for `slowMs`; a client that gives up first is never forwarded;
 * - `dropped`: closes the connection without an answer;
 * - `truncated`: forwards the request, then sends the answer cut in half (invalid JSON). The only kind that
 *   acts before failing, as a real truncated answer does: the server had done the work when it answered.
 */
export const faultKinds = [
  "rate-limited",
  "server-error",
  "unavailable",
  "slow",
  "dropped",
  "truncated",
] as const;

export type FaultKind = (typeof faultKinds)[number];

export interface FaultPlan {
  seed: string;
  /** Share of requests that meet a fault, 0..1. */
  rate: number;
  kinds: readonly FaultKind[];
}

/** Checks the options that make a plan, so that a typo fails at start rather than as a quiet run without faults. */
export function faultPlan(rate: number, seed: number | string, kinds: readonly FaultKind[]): FaultPlan {
  if (!(rate >= 0 && rate <= 1)) throw new RangeError("faultRate must be between 0 and 1");
  if (kinds.length === 0) throw new RangeError("faults must name at least one kind");
  for (const kind of kinds) {
    if (!faultKinds.includes(kind)) throw new RangeError(`unknown fault kind ${JSON.stringify(kind)}`);
  }
  return { seed: String(seed), rate, kinds: [...kinds] };
}

/**
 * The fault, if any, for the `occurrence`-th request (1-based) with this `key`. It is a hash of seed, key and
 * occurrence rather than a stream of random numbers: concurrent requests meet the same faults in whatever
 * order they arrive, so a seeded run repeats even when its timing does not.
 */
export function pickFault(plan: FaultPlan, key: string, occurrence: number): FaultKind | undefined {
  const digest = createHash("sha256").update(`${plan.seed}\0${key}\0${occurrence}`).digest();
  if (digest.readUInt32BE(0) / 2 ** 32 >= plan.rate) return undefined;
  return plan.kinds[digest.readUInt32BE(4) % plan.kinds.length];
}
