/**
 * The transport: a plain `fetch` (what openapi-fetch calls) that paces, retries and times each attempt out,
 * and resolves with an ordinary, unread `Response` once the whole answer is in. Reading the body within the
 * attempt makes an answer cut off mid-body a network error of that attempt, retried like any other.
 *
 * Per attempt: take a slot (`pacing.ts`) -> send -> release the slot when the headers come -> a 429 or 5xx,
 * or no answer: ask `retry.ts` once what next -> else read the body and hand back a Response built from it.
 */

import { type CallSite, type NoAnswer, noAnswerError } from "../errors.ts";
import type { Emitter } from "../events.ts";
import type { Secret } from "../secrecy.ts";
import { type HeldSlot, type OnWait, type Pacer, pacerFor, type RateLimitOptions, sleep } from "./pacing.ts";
import { MemoryRateLimitStore } from "./rate-limit.ts";
import { nextStep, type RetryOptions, type RetryReason, reasonForStatus, retryPolicy } from "./retry.ts";

export interface TransportOptions {
  /** Default: `globalThis.fetch`, looked up at each attempt so that a later polyfill or instrumentation counts. */
  fetch?: typeof fetch;
  /** Names the rate-limit budget; already a hash of the token, never logged. */
  rateLimitKey: string;
  /** `false`: no pacing. Without a `store`, the budget is this transport's own. */
  rateLimit?: RateLimitOptions | false;
  /** `false`: a single attempt, whatever the answer. */
  retry?: RetryOptions | false;
  /** Per attempt, from the moment it is sent (pacing waits do not count), body included; default 30_000. */
  timeoutMs?: number;
  /** The base URL's path (`/v1`): events and errors show the API path after it (`/users/42`). */
  basePath?: string;
  /** Where `request`, `response`, `retry` and `wait` events go. */
  events?: Emitter;
  /** Scrubs the token from the errors a connection error wraps. */
  secret?: Secret;
}

/** An attempt that did not bring a final answer: an answer asking for a retry, or none. */
type Failure = { reason: "rate-limited" | "server-error"; response: Response } | NoAnswer;

/**
 * A `fetch` that resolves with the final answer (which may still be a 429 or 5xx once retries are spent: the
 * client turns it into an API error); rejects with `DashlyConnectionError` / `DashlyTimeoutError` when no
 * whole answer came, `DashlyRateLimitStoreError` when the store failed; rethrows at once, unretried, the
 * caller's abort reason and any error of the given `fetch` that is not a network failure (a `TypeError`).
 */
export function createTransport(options: TransportOptions): typeof fetch {
  const policy = retryPolicy(options.retry);
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) throw new RangeError("timeoutMs must be positive");
  const pacer: Pacer | undefined =
    options.rateLimit === false
      ? undefined
      : pacerFor(
          options.rateLimit?.store ?? new MemoryRateLimitStore(),
          options.rateLimitKey,
          options.rateLimit ?? {},
          timeoutMs,
        );
  const { events, secret } = options;
  const basePath = options.basePath ?? "";

  /** The API path of a request URL: after the base path, without the query. */
  function apiPath(url: string): string {
    const { pathname } = new URL(url);
    const underBase = basePath === "" || pathname === basePath || pathname.startsWith(`${basePath}/`);
    return underBase ? pathname.slice(basePath.length) || "/" : pathname;
  }

  async function send(input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> {
    const request = input instanceof Request ? input : new Request(input, init);
    const extra = input instanceof Request ? init : undefined;
    const caller = request.signal;
    caller.throwIfAborted();
    // fetch consumes a body: keep its bytes, so that every attempt sends the same ones.
    const body = request.body === null ? null : await request.arrayBuffer();
    let known: CallSite | undefined;
    const site = (): CallSite => {
      known ??= { method: request.method, path: apiPath(request.url) };
      return known;
    };
    const onWait: OnWait | undefined = events?.has("wait")
      ? (waitMs, reason) => events.emit("wait", { ...site(), waitMs, reason })
      : undefined;

    for (let attempt = 1; ; attempt++) {
      let slot: HeldSlot | undefined = pacer && (await pacer.acquire(site, caller, onWait));
      const deadline = new AttemptSignal(caller, timeoutMs);
      if (events?.has("request")) events.emit("request", { ...site(), attempt });
      const sentAt = events === undefined ? 0 : performance.now();
      let failure: Failure;
      try {
        const sending = {
          method: request.method,
          headers: request.headers,
          body,
          redirect: request.redirect,
        };
        const response = await (options.fetch ?? globalThis.fetch)(request.url, {
          ...extra,
          ...sending,
          signal: deadline.signal,
        });
        slot?.release();
        slot = undefined;
        if (events?.has("response")) {
          const durationMs = Math.round(performance.now() - sentAt);
          events.emit("response", { ...site(), status: response.status, attempt, durationMs });
        }
        const reason = reasonForStatus(response.status);
        if (reason === undefined) return await whole(response, deadline);
        failure = { reason, response };
      } catch (error) {
        slot?.release();
        failure = deadline.noAnswer(error);
      }

      const retryAfter = "response" in failure ? failure.response.headers.get("retry-after") : null;
      const step = nextStep(
        policy,
        { method: request.method, attempt, reason: failure.reason, retryAfter },
        Date.now(),
      );
      if (step.pauseMs !== undefined && pacer !== undefined) await pacer.pause(site, step.pauseMs);
      if (step.retryInMs === undefined) {
        if ("response" in failure) return await finalWhole(failure.response, deadline, attempt);
        throw noAnswerError(site(), scrubbed(failure), attempt, timeoutMs);
      }
      if ("response" in failure) {
        deadline.dispose();
        await discard(failure.response);
      }
      reportRetry(site(), attempt, step.retryInMs, failure);
      await sleep(step.retryInMs, caller);
    }

    /** The whole of a final 429 or 5xx; a failure to read it ends the call (no attempt is left). */
    async function finalWhole(
      response: Response,
      deadline: AttemptSignal,
      attempt: number,
    ): Promise<Response> {
      try {
        return await whole(response, deadline);
      } catch (error) {
        throw noAnswerError(site(), scrubbed(deadline.noAnswer(error)), attempt, timeoutMs);
      }
    }
  }

  function scrubbed(failure: NoAnswer): NoAnswer {
    return secret === undefined ? failure : { reason: failure.reason, error: secret.scrub(failure.error) };
  }

  function reportRetry(site: CallSite, attempt: number, delayMs: number, failure: Failure): void {
    if (policy.onRetry === undefined && !events?.has("retry")) return;
    const event = {
      ...site,
      attempt,
      delayMs,
      reason: failure.reason as RetryReason,
      ...("response" in failure ? { status: failure.response.status } : {}),
    };
    policy.onRetry?.(event);
    events?.emit("retry", event);
  }

  return send as typeof fetch;
}

/** Statuses whose answers have no body (a Response refuses one). */
const nullBodyStatus = new Set([101, 204, 205, 304]);

/**
 * Reads the whole answer within the attempt (so that a cut is this attempt's network error and a slow body
 * its timeout), then hands back an ordinary unread Response with the same status, headers and bytes. Building
 * it costs less than teeing the original (bench/overhead.ts); what is lost is the original's `url`.
 */
async function whole(response: Response, deadline: AttemptSignal): Promise<Response> {
  const bytes = nullBodyStatus.has(response.status) ? null : await response.arrayBuffer();
  deadline.dispose();
  return new Response(bytes, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/**
 * Aborts one attempt when the caller aborts or when `timeoutMs` has passed. Does what AbortSignal.any +
 * AbortSignal.timeout would, at a tenth of the cost on Node 20, and with a timer that test clocks can drive.
 */
class AttemptSignal {
  readonly #controller = new AbortController();
  readonly #caller: AbortSignal;
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #forwardAbort: () => void;

  constructor(caller: AbortSignal, timeoutMs: number) {
    this.#caller = caller;
    this.#timer = setTimeout(abortForTimeout, timeoutMs, this.#controller);
    this.#timer.unref?.(); // Node: a pending timeout must not keep the process alive
    this.#forwardAbort = () => this.#controller.abort(caller.reason);
    caller.addEventListener("abort", this.#forwardAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The attempt is over: stop the timer and the forwarding. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#caller.removeEventListener("abort", this.#forwardAbort);
  }

  /**
   * Why the attempt failed with `error`, the attempt disposed. Rethrows, ending the call: the caller's abort
   * reason, and an error that is neither this attempt's timeout nor a network failure (fetch rejects with a
   * `TypeError` on those): it is the given fetch's own, e.g. a contract test's violation, and no retry fixes it.
   */
  noAnswer(error: unknown): NoAnswer {
    this.dispose();
    if (this.#caller.aborted) throw this.#caller.reason;
    if (this.#controller.signal.aborted) return { reason: "timeout", error };
    if (error instanceof TypeError) return { reason: "network", error };
    throw error;
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
