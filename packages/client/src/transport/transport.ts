import { DashlyConnectionError, DashlyTimeoutError } from "../errors.ts";
import { keepText } from "./keep-text.ts";
import type { RateLimitOptions } from "./rate-limit.ts";
import { RateLimiter, sleep } from "./rate-limit.ts";
import { abortSourceOf, ReplayableRequest, replay } from "./replayable-request.ts";
import type { RetryOptions, RetryPolicy, RetryReason } from "./retry.ts";
import { askedDelay, mayRetry, reasonForStatus, retryDelay, retryPolicy } from "./retry.ts";

export type { RetryEvent, RetryOptions } from "./retry.ts";

export interface TransportOptions {
  /** Default: `globalThis.fetch`, looked up at each call so that a later polyfill or instrumentation counts. */
  fetch?: typeof fetch;
  /** Names the rate-limit budget; already a hash of the token, never logged. */
  rateLimitKey: string;
  /** `false`: no pacing. */
  rateLimit?: RateLimitOptions | false;
  /** `false`: a single attempt, whatever the answer. */
  retry?: RetryOptions | false;
  /** Per attempt, from the moment it is sent (pacing waits do not count); default 30_000. */
  timeoutMs?: number;
}

/** An attempt that got no answer (or, for `fetchWhole`, no whole one). */
type NoAnswer = { reason: "network" | "timeout"; error: unknown };

/** An attempt that did not bring a final answer. */
type Failure = { reason: "rate-limited" | "server-error"; response: Response } | NoAnswer;

/** Sends requests with pacing, retries and a timeout per attempt. */
export interface Transport {
  /**
   * Resolves with the final answer as soon as its headers are in, and leaves its body to the caller (the
   * `fetch` of the raw client). The attempt's timeout and the caller's abort stay armed while the body is read,
   * but a body cut off there fails that read: it can no longer be retried.
   */
  fetch(request: Request): Promise<Response>;
  /**
   * Resolves with the final answer once all of it is in: the body is read within the attempt, so that a
   * connection cut mid-body is a network error, retried as one, and a body slower than `timeoutMs` a timeout.
   * The Response's `text()` then answers from memory (see `keepText`).
   */
  fetchWhole(request: Request): Promise<Response>;
}

/**
 * Returns the final Response (which may still be a 429 or 5xx once retries are spent: the caller turns it into
 * an API error); throws DashlyConnectionError / DashlyTimeoutError when no answer (or no whole answer, for
 * `fetchWhole`) came; rethrows the caller's abort reason at once, without retrying, when the request's own
 * signal aborts. A 429 with `Retry-After` also pauses the rate limiter's budget for the token (see
 * `RateLimitStore.pauseUntil`), so that the other requests wait too.
 */
export function createTransport(options: TransportOptions): Transport {
  const limiter =
    options.rateLimit === false ? undefined : new RateLimiter(options.rateLimitKey, options.rateLimit);
  const policy = retryPolicy(options.retry);
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!(timeoutMs > 0)) throw new RangeError("timeoutMs must be positive");
  const maxAttempts = 1 + policy.retries;

  async function send(request: Request, whole: boolean): Promise<Response> {
    const caller = request.signal;
    // fetch consumes a body: a retry is rebuilt from the original form when the client made the request
    // (ReplayableRequest); otherwise keep an unread copy, but only when another attempt could need it.
    const replayable = request instanceof ReplayableRequest && request.replayBody !== undefined;
    const pristine = maxAttempts > 1 && !replayable && request.body !== null ? request.clone() : undefined;

    for (let attempt = 1; ; attempt++) {
      caller.throwIfAborted();
      if (limiter !== undefined) await limiter.acquire(caller);
      const outgoing = attempt === 1 ? request : (replay(request) ?? pristine?.clone() ?? request);
      const deadline = new AttemptSignal(abortSourceOf(request), timeoutMs);
      const outcome = await attemptOnce(outgoing, deadline, attempt, whole);
      if ("final" in outcome) return outcome.final;
      if ("error" in outcome && isFinal(request, outcome.reason, attempt)) {
        throw noAnswerError(request, outcome, attempt, timeoutMs);
      }
      await waitBeforeRetry(request, attempt, outcome, policy);
    }
  }

  /** Whether a failure of `reason` at `attempt` ends the call: the attempts are spent, or it is unsafe to retry. */
  function isFinal(request: Request, reason: RetryReason, attempt: number): boolean {
    return attempt === maxAttempts || !mayRetry(request.method, reason, policy.retryUnsafe);
  }

  /** One attempt: its answer when final, else why another may be needed. */
  async function attemptOnce(
    outgoing: Request,
    deadline: AttemptSignal,
    attempt: number,
    whole: boolean,
  ): Promise<{ final: Response } | Failure> {
    let response: Response;
    try {
      response = await (options.fetch ?? globalThis.fetch)(outgoing, { signal: deadline.signal });
    } catch (error) {
      return deadline.noAnswer(error);
    }
    const reason = reasonForStatus(response.status);
    if (reason === "rate-limited" && limiter !== undefined) await pauseBudget(limiter, response);
    if (reason !== undefined && !isFinal(outgoing, reason, attempt)) {
      deadline.dispose();
      await discard(response);
      return { reason, response };
    }
    // Without `whole`, the deadline is left armed so that it also covers the caller's read of the body.
    if (!whole) return { final: response };
    try {
      keepText(response, await response.text());
    } catch (error) {
      return deadline.noAnswer(error);
    }
    deadline.dispose();
    return { final: response };
  }

  /** Holds back every request with this token until the end of the wait a 429 asked for, if it said. */
  async function pauseBudget(pacing: RateLimiter, response: Response): Promise<void> {
    const now = Date.now();
    const asked = askedDelay(response.headers.get("retry-after"), policy, now);
    if (asked !== undefined && asked > 0) await pacing.pauseUntil(now + asked);
  }

  return {
    fetch: (request) => send(request, false),
    fetchWhole: (request) => send(request, true),
  };
}

/**
 * Aborts one attempt when the caller aborts or when `timeoutMs` has passed. Does what AbortSignal.any +
 * AbortSignal.timeout would, at a tenth of the cost on Node 20, and with a timer that test clocks can drive.
 */
class AttemptSignal {
  readonly #controller = new AbortController();
  readonly #caller: AbortSignal | undefined;
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #forwardAbort: (() => void) | undefined;

  /** `caller`: what else aborts the attempt; undefined when nothing can. */
  constructor(caller: AbortSignal | undefined, timeoutMs: number) {
    this.#caller = caller;
    this.#timer = setTimeout(abortForTimeout, timeoutMs, this.#controller);
    this.#timer.unref?.(); // Node: a pending timeout must not keep the process alive
    if (caller !== undefined) {
      this.#forwardAbort = () => this.#controller.abort(caller.reason);
      caller.addEventListener("abort", this.#forwardAbort, { once: true });
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** True when the timeout, not the caller, aborted the attempt. */
  get timedOut(): boolean {
    return this.#controller.signal.aborted && !this.#caller?.aborted;
  }

  /** The attempt is over and its answer dropped: stop the timer and the forwarding. */
  dispose(): void {
    clearTimeout(this.#timer);
    if (this.#forwardAbort !== undefined) this.#caller?.removeEventListener("abort", this.#forwardAbort);
  }

  /** Why the attempt failed with `error`, the attempt disposed; rethrows the caller's abort reason, which ends the call. */
  noAnswer(error: unknown): NoAnswer {
    this.dispose();
    if (this.#caller?.aborted) throw this.#caller.reason;
    return { reason: this.timedOut ? "timeout" : "network", error };
  }
}

function abortForTimeout(controller: AbortController): void {
  controller.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError"));
}

/** Frees the connection of an answer nobody will read. */
async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // The stream already failed: nothing left to free.
  }
}

async function waitBeforeRetry(
  request: Request,
  attempt: number,
  failure: Failure,
  policy: RetryPolicy,
): Promise<void> {
  const response = "response" in failure ? failure.response : undefined;
  const delayMs = retryDelay(attempt, response?.headers.get("retry-after") ?? null, policy, Date.now());
  policy.onRetry?.({
    attempt,
    delayMs,
    reason: failure.reason,
    method: request.method,
    path: pathOf(request),
    ...(response === undefined ? {} : { status: response.status }),
  });
  await sleep(delayMs, request.signal);
}

function noAnswerError(request: Request, failure: NoAnswer, attempts: number, timeoutMs: number): Error {
  const path = pathOf(request);
  return failure.reason === "timeout"
    ? new DashlyTimeoutError(request.method, path, timeoutMs, attempts)
    : new DashlyConnectionError(request.method, path, { cause: failure.error, attempts });
}

/** The pathname alone: the query carries `auth_token`. */
function pathOf(request: Request): string {
  return new URL(request.url).pathname;
}
