/**
 * The retry policy, in one place: which failed attempts go again, after how long, and how long a 429 pauses
 * the token's budget. The transport asks `nextStep` once per failed attempt; the rest are its parts.
 */
import type { RetryEvent } from "../events.ts";

/** Why an attempt failed in a way that another attempt may fix. */
export type RetryReason = "rate-limited" | "server-error" | "network" | "timeout";

export interface RetryOptions {
  /** Extra attempts after the first; default 3. */
  retries?: number;
  /** Default 500. */
  minDelayMs?: number;
  /** Default 30_000; also caps a server's `Retry-After`, and so the pause of the token's budget it causes. */
  maxDelayMs?: number;
  /** Default false: POST/DELETE are not retried on 5xx, network errors or timeouts, as they may have taken effect. */
  retryUnsafe?: boolean;
  /** Called before each wait, e.g. to log; an exception it throws fails the call. Same as `client.on("retry")`. */
  onRetry?: (event: RetryEvent) => void;
}

/** What to do after a failed attempt. */
export interface NextStep {
  /** Wait this long, then send again; undefined: the failure is final. */
  retryInMs: number | undefined;
  /** Refuse every request with the token for this long (a 429's `Retry-After`, capped); undefined: no pause. */
  pauseMs: number | undefined;
}

/** A failed attempt, as the policy needs to know it. */
export interface FailedAttempt {
  method: string;
  /** 1-based. */
  attempt: number;
  reason: RetryReason;
  /** The answer's `Retry-After`, when an answer came. */
  retryAfter: string | null;
}

/** The one question the transport asks: after this failure, retry (when) and pause the budget (how long)? */
export function nextStep(policy: RetryPolicy, failed: FailedAttempt, now: number): NextStep {
  const asked = failed.retryAfter === null ? undefined : askedDelay(failed.retryAfter, policy, now);
  const pauseMs = failed.reason === "rate-limited" && asked !== undefined && asked > 0 ? asked : undefined;
  const final =
    failed.attempt > policy.retries || !mayRetry(failed.method, failed.reason, policy.retryUnsafe);
  return { retryInMs: final ? undefined : (asked ?? backoffDelay(failed.attempt, policy)), pauseMs };
}

/** RetryOptions with every default applied. */
export interface RetryPolicy {
  readonly retries: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  readonly retryUnsafe: boolean;
  readonly onRetry: ((event: RetryEvent) => void) | undefined;
}

/** The policy for `options`; `false` means a single attempt. */
export function retryPolicy(options: RetryOptions | false | undefined): RetryPolicy {
  const { retries = 3, minDelayMs = 500, maxDelayMs = 30_000, retryUnsafe = false, onRetry } = options || {};
  if (!Number.isInteger(retries) || retries < 0) {
    throw new RangeError("retries must be a non-negative integer");
  }
  if (!(minDelayMs >= 0 && maxDelayMs >= minDelayMs && Number.isFinite(maxDelayMs))) {
    throw new RangeError("retry delays must satisfy 0 <= minDelayMs <= maxDelayMs < Infinity");
  }
  return { retries: options === false ? 0 : retries, minDelayMs, maxDelayMs, retryUnsafe, onRetry };
}

/** The reason to retry an answer with this status, or undefined when the answer is final. */
export function reasonForStatus(status: number): "rate-limited" | "server-error" | undefined {
  if (status === 429) return "rate-limited";
  if (status >= 500 && status <= 599) return "server-error";
  return undefined;
}

/** A 429 was not processed, so any method may go again; after other failures only a safe method may, unless the caller accepts the risk. */
export function mayRetry(method: string, reason: RetryReason, retryUnsafe: boolean): boolean {
  return reason === "rate-limited" || retryUnsafe || method === "GET" || method === "HEAD";
}

/** The wait after failed attempt `attempt`: what the server asked (`Retry-After`, capped), else backoff. */
export function retryDelay(
  attempt: number,
  retryAfter: string | null,
  policy: Pick<RetryPolicy, "minDelayMs" | "maxDelayMs">,
  now: number,
  random: () => number = Math.random,
): number {
  return askedDelay(retryAfter, policy, now) ?? backoffDelay(attempt, policy, random);
}

/** The wait the server asked for (`Retry-After`), capped at maxDelayMs; undefined when it did not say. */
export function askedDelay(
  retryAfter: string | null,
  policy: Pick<RetryPolicy, "maxDelayMs">,
  now: number,
): number | undefined {
  const asked = retryAfter === null ? undefined : parseRetryAfter(retryAfter, now);
  return asked === undefined ? undefined : Math.min(asked, policy.maxDelayMs);
}

/** `Retry-After` in ms: delta-seconds or an HTTP date; undefined when unreadable. */
export function parseRetryAfter(value: string, now: number): number | undefined {
  const text = value.trim();
  if (text === "") return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.ceil(seconds * 1000) : undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential backoff with equal jitter: attempt n waits between minDelayMs·2^(n-1) and twice that, capped
 * at maxDelayMs and never below minDelayMs. The random half keeps clients that failed together from
 * retrying in lockstep.
 */
export function backoffDelay(
  attempt: number,
  { minDelayMs, maxDelayMs }: Pick<RetryPolicy, "minDelayMs" | "maxDelayMs">,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxDelayMs, minDelayMs * 2 ** attempt);
  const half = ceiling / 2;
  return Math.round(Math.max(minDelayMs, half + random() * half));
}
