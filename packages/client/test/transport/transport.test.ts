import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import {
  DashlyConnectionError,
  DashlyError,
  DashlyRateLimitStoreError,
  DashlyTimeoutError,
} from "../../src/errors.ts";
import { Emitter, type RetryEvent } from "../../src/events.ts";
import { MemoryRateLimitStore, type RateLimitTakeOptions } from "../../src/transport/rate-limit.ts";
import type { TransportOptions } from "../../src/transport/transport.ts";
import { createTransport } from "../../src/transport/transport.ts";

const url = "https://api.dashly.app/v1/users?auth_token=SECRET123";

interface Call {
  /** Fake-clock time the attempt was sent. */
  at: number;
  method: string;
  body: string;
  contentType: string | null;
  signal: AbortSignal;
}

type Answer = (call: Call, index: number) => Response | Promise<Response>;

/** A fetch that records every attempt and answers with `answer`; the only fetch these tests use. */
function fakeFetch(answer: Answer): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fetch = async (input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) => {
    const at = Date.now();
    if (!init?.signal) throw new Error("the transport must pass a signal");
    const request = new Request(input, init);
    const call = {
      at,
      method: request.method,
      body: await request.text(),
      contentType: request.headers.get("content-type"),
      signal: init.signal,
    };
    calls.push(call);
    return answer(call, calls.length - 1);
  };
  return { fetch, calls };
}

/** Answers in turn; the last answer repeats. */
function answers(...responses: Array<() => Response>): Answer {
  return (_call, index) => {
    const make = responses[Math.min(index, responses.length - 1)];
    if (make === undefined) throw new Error("no answer given");
    return make();
  };
}

/** Never answers: rejects with the signal's reason once it aborts, as fetch does. */
const hang: Answer = ({ signal }) =>
  new Promise((_resolve, reject) => {
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });

const status = (code: number, headers?: Record<string, string>) => () =>
  new Response(`{"meta":{"status":${code}}}`, { status: code, headers });

/** A transport without pacing unless a test asks for it, so that only retries decide the timing. */
function transportFor(answer: Answer, options: Partial<TransportOptions> = {}) {
  const fake = fakeFetch(answer);
  const events: RetryEvent[] = [];
  const transport = createTransport({
    fetch: fake.fetch,
    rateLimitKey: "key-hash",
    rateLimit: false,
    basePath: "/v1",
    ...options,
    retry:
      options.retry === false ? false : { ...options.retry, onRetry: (event) => void events.push(event) },
  });
  return { transport, calls: fake.calls, events };
}

/** The error a call rejects with; attached at once so that a rejection is never left unhandled. */
function failureOf(call: Promise<Response>): Promise<unknown> {
  return call.then(
    (response) => {
      throw new Error(`expected a rejection, got HTTP ${response.status}`);
    },
    (error: unknown) => error,
  );
}

/** The largest number of starts inside any window of `windowMs`, i.e. (end - windowMs, end]. */
function busiestWindow(starts: number[], windowMs: number): number {
  return Math.max(...starts.map((end) => starts.filter((at) => at > end - windowMs && at <= end).length));
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("pacing", () => {
  test("sends 60 at once and the 61st exactly when the first leaves the 60 s window", async () => {
    const { transport, calls } = transportFor(answers(status(200)), { rateLimit: {} });
    const responses = Array.from({ length: 61 }, () => transport(new Request(url)));
    await vi.advanceTimersByTimeAsync(59_999);
    expect(calls).toHaveLength(60);
    await vi.advanceTimersByTimeAsync(1);
    await Promise.all(responses);

    const starts = calls.map((call) => call.at);
    expect(starts.slice(0, 60)).toEqual(Array(60).fill(0));
    expect(starts[60]).toBe(60_000);
    expect(busiestWindow(starts, 60_000)).toBe(60);
  });

  test("a custom limit paces in batches of that size", async () => {
    const { transport, calls } = transportFor(answers(status(200)), {
      rateLimit: { limit: 3, windowMs: 1000 },
    });
    const responses = Array.from({ length: 7 }, () => transport(new Request(url)));
    await vi.advanceTimersByTimeAsync(2000);
    await Promise.all(responses);
    expect(calls.map((call) => call.at)).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  test("every retry is paced too", async () => {
    const { transport, calls } = transportFor(answers(status(429, { "Retry-After": "0" }), status(200)), {
      rateLimit: { limit: 1, windowMs: 1000 },
    });
    const response = transport(new Request(url));
    await vi.advanceTimersByTimeAsync(1000);
    expect((await response).status).toBe(200);
    expect(calls.map((call) => call.at)).toEqual([0, 1000]);
  });

  test("rateLimit: false sends everything at once", async () => {
    const { transport, calls } = transportFor(answers(status(200)));
    await Promise.all(Array.from({ length: 100 }, () => transport(new Request(url))));
    expect(calls).toHaveLength(100);
    expect(new Set(calls.map((call) => call.at))).toEqual(new Set([0]));
  });
});

describe("429 Too Many Requests", () => {
  test("waits exactly Retry-After seconds, retries once and frees the discarded answer", async () => {
    const first = status(429, { "Retry-After": "2" })();
    const { transport, calls, events } = transportFor(answers(() => first, status(200)));
    const response = transport(new Request(url));
    await vi.advanceTimersByTimeAsync(1999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);

    expect((await response).status).toBe(200);
    expect(calls[1]?.at).toBe(2000);
    expect(events).toEqual([
      { attempt: 1, delayMs: 2000, reason: "rate-limited", method: "GET", path: "/users", status: 429 },
    ]);
    expect(first.bodyUsed).toBe(true);
  });

  test("re-sends the same form body on a POST", async () => {
    const { transport, calls } = transportFor(answers(status(429, { "Retry-After": "1" }), status(200)));
    const form = new URLSearchParams({ event: "bought", params: JSON.stringify({ sum: 42 }) });
    const response = transport(new Request(url, { method: "POST", body: form }));
    await vi.advanceTimersByTimeAsync(1000);

    expect((await response).status).toBe(200);
    const sent = {
      method: "POST",
      body: form.toString(),
      contentType: "application/x-www-form-urlencoded;charset=UTF-8",
    };
    expect(calls.map(({ method, body, contentType }) => ({ method, body, contentType }))).toEqual([
      sent,
      sent,
    ]);
  });

  test("without Retry-After, backs off within [minDelayMs, 2 x minDelayMs] for the first retry", async () => {
    const { transport, calls, events } = transportFor(answers(status(429), status(200)));
    const response = transport(new Request(url));
    await vi.advanceTimersByTimeAsync(1000);

    expect((await response).status).toBe(200);
    const delay = events[0]?.delayMs;
    expect(delay).toBeGreaterThanOrEqual(500);
    expect(delay).toBeLessThanOrEqual(1000);
    expect(calls.map((call) => call.at)).toEqual([0, delay]);
  });

  test("caps a long Retry-After at maxDelayMs", async () => {
    const { transport, calls, events } = transportFor(
      answers(status(429, { "Retry-After": "3600" }), status(200)),
      {
        retry: { maxDelayMs: 5000 },
      },
    );
    const response = transport(new Request(url));
    await vi.advanceTimersByTimeAsync(5000);

    expect((await response).status).toBe(200);
    expect(events.map((event) => event.delayMs)).toEqual([5000]);
    expect(calls[1]?.at).toBe(5000);
  });
});

describe("a 429 pauses the token's whole budget", () => {
  const rateLimited = (headers?: Record<string, string>): Answer =>
    answers(status(429, headers), status(200));

  test("a request started during the Retry-After wait holds until it is over", async () => {
    const { transport, calls } = transportFor(rateLimited({ "Retry-After": "2" }), { rateLimit: {} });
    const refused = transport(new Request(url));
    await vi.advanceTimersByTimeAsync(100);
    const later = transport(new Request(`${url}&page=2`));
    await vi.advanceTimersByTimeAsync(1899);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);

    expect([(await refused).status, (await later).status]).toEqual([200, 200]);
    expect(calls.map((call) => call.at)).toEqual([0, 2000, 2000]);
  });

  test("a 429 without Retry-After holds back only its own request", async () => {
    const { transport, calls } = transportFor(rateLimited(), { rateLimit: {} });
    const refused = transport(new Request(url));
    await vi.advanceTimersByTimeAsync(100);
    const later = transport(new Request(url));
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((call) => call.at)).toEqual([0, 100]);
    await vi.advanceTimersByTimeAsync(1000);
    expect([(await refused).status, (await later).status]).toEqual([200, 200]);
  });

  test("a final 429 (retry: false) pauses the budget too: the next request waits", async () => {
    const { transport, calls } = transportFor(rateLimited({ "Retry-After": "1" }), {
      rateLimit: {},
      retry: false,
    });
    expect((await transport(new Request(url))).status).toBe(429);
    const next = transport(new Request(url));
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await next).status).toBe(200);
    expect(calls.map((call) => call.at)).toEqual([0, 1000]);
  });

  test("the pause is capped at maxDelayMs, as the retry's wait is", async () => {
    const { transport, calls } = transportFor(rateLimited({ "Retry-After": "3600" }), {
      rateLimit: {},
      retry: { maxDelayMs: 5000 },
    });
    const refused = transport(new Request(url));
    await vi.advanceTimersByTimeAsync(10);
    const later = transport(new Request(url));
    await vi.advanceTimersByTimeAsync(4990);
    expect([(await refused).status, (await later).status]).toEqual([200, 200]);
    expect(calls.map((call) => call.at)).toEqual([0, 5000, 5000]);
  });
});

describe("5xx", () => {
  test("a GET gets exactly 1 + retries attempts, then the last answer is returned", async () => {
    const { transport, calls, events } = transportFor(answers(status(503)), { retry: { retries: 2 } });
    const response = transport(new Request(url));
    await vi.runAllTimersAsync();

    const last = await response;
    expect(last.status).toBe(503);
    expect(await last.text()).toBe('{"meta":{"status":503}}');
    expect(calls).toHaveLength(3);
    expect(events.map(({ attempt, reason, status }) => ({ attempt, reason, status }))).toEqual([
      { attempt: 1, reason: "server-error", status: 503 },
      { attempt: 2, reason: "server-error", status: 503 },
    ]);
  });

  test("a POST is not retried by default: it may have taken effect", async () => {
    const { transport, calls, events } = transportFor(answers(status(503)), { retry: { retries: 2 } });
    const response = await transport(new Request(url, { method: "POST", body: "a=1" }));
    expect(response.status).toBe(503);
    expect(calls).toHaveLength(1);
    expect(events).toEqual([]);
  });

  test("a POST is retried with retryUnsafe", async () => {
    const { transport, calls } = transportFor(answers(status(503)), {
      retry: { retries: 2, retryUnsafe: true },
    });
    const response = transport(new Request(url, { method: "POST", body: "a=1" }));
    await vi.runAllTimersAsync();
    expect((await response).status).toBe(503);
    expect(calls.map((call) => call.body)).toEqual(["a=1", "a=1", "a=1"]);
  });

  test("other errors are final at once", async () => {
    const { transport, calls } = transportFor(answers(status(400)));
    expect((await transport(new Request(url))).status).toBe(400);
    expect(calls).toHaveLength(1);
  });
});

describe("network errors", () => {
  const refused = new TypeError("fetch failed");
  const unreachable: Answer = () => Promise.reject(refused);

  test("a GET is retried, then fails with DashlyConnectionError holding the cause", async () => {
    const { transport, calls, events } = transportFor(unreachable, { retry: { retries: 2 } });
    const error = failureOf(transport(new Request(url)));
    await vi.runAllTimersAsync();

    const failure = await error;
    expect(failure).toBeInstanceOf(DashlyConnectionError);
    expect(failure).toMatchObject({ method: "GET", path: "/users", cause: refused });
    expect((failure as Error).message).toBe("GET /users got no answer after 3 attempt(s): fetch failed");
    expect(calls).toHaveLength(3);
    expect(events.map((event) => event.reason)).toEqual(["network", "network"]);
  });

  test("a POST gets a single attempt", async () => {
    const { transport, calls } = transportFor(unreachable);
    const failure = await failureOf(transport(new Request(url, { method: "POST", body: "a=1" })));
    expect(failure).toBeInstanceOf(DashlyConnectionError);
    expect((failure as Error).message).toContain("after 1 attempt(s)");
    expect(calls).toHaveLength(1);
  });
});

describe("timeouts", () => {
  test("each attempt is cut at timeoutMs, then DashlyTimeoutError", async () => {
    const { transport, calls, events } = transportFor(hang, {
      timeoutMs: 5000,
      retry: { retries: 1, minDelayMs: 1000, maxDelayMs: 1000 },
    });
    const error = failureOf(transport(new Request(url)));
    await vi.advanceTimersByTimeAsync(4999);
    expect(calls[0]?.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls[0]?.signal.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(6000);

    const failure = await error;
    expect(failure).toBeInstanceOf(DashlyTimeoutError);
    expect(failure).toMatchObject({ method: "GET", path: "/users", timeoutMs: 5000 });
    expect((failure as Error).message).toBe("GET /users got no answer within 5000 ms (2 attempt(s))");
    expect(calls.map((call) => call.at)).toEqual([0, 6000]);
    expect(events).toEqual([{ attempt: 1, delayMs: 1000, reason: "timeout", method: "GET", path: "/users" }]);
  });

  test("an answer within timeoutMs is not cut", async () => {
    const slow: Answer = () => new Promise((resolve) => setTimeout(() => resolve(new Response("ok")), 4999));
    const { transport, calls } = transportFor(slow, { timeoutMs: 5000 });
    const response = transport(new Request(url));
    await vi.advanceTimersByTimeAsync(4999);
    expect(await (await response).text()).toBe("ok");
    expect(calls).toHaveLength(1);
  });
});

describe("the caller's abort", () => {
  const reason = new Error("caller gave up");

  test("while waiting for the rate limiter: rejects at once, nothing sent", async () => {
    const { transport, calls } = transportFor(answers(status(200)), { rateLimit: { limit: 1 } });
    await transport(new Request(url));
    const controller = new AbortController();
    const error = failureOf(transport(new Request(url, { signal: controller.signal })));
    await vi.advanceTimersByTimeAsync(100);
    controller.abort(reason);

    expect(await error).toBe(reason);
    expect(Date.now()).toBe(100);
    await vi.runAllTimersAsync();
    expect(calls).toHaveLength(1);
  });

  test("during the fetch: rejects with the reason, no retry", async () => {
    const { transport, calls, events } = transportFor(hang);
    const controller = new AbortController();
    const error = failureOf(transport(new Request(url, { signal: controller.signal })));
    await vi.advanceTimersByTimeAsync(100);
    controller.abort(reason);

    expect(await error).toBe(reason);
    await vi.runAllTimersAsync();
    expect(calls).toHaveLength(1);
    expect(events).toEqual([]);
  });

  test("during the fetch: the attempt's signal carries the caller's reason", async () => {
    const { transport, calls } = transportFor(hang);
    const controller = new AbortController();
    const error = failureOf(transport(new Request(url, { signal: controller.signal })));
    await vi.advanceTimersByTimeAsync(100);
    controller.abort(reason);

    expect(await error).toBe(reason);
    expect(calls[0]?.signal.reason).toBe(reason);
  });

  test("a request without a signal still times out", async () => {
    const { transport, calls } = transportFor(hang, { timeoutMs: 1000, retry: false });
    const error = failureOf(transport(new Request(url)));
    await vi.advanceTimersByTimeAsync(1000);

    expect(await error).toBeInstanceOf(DashlyTimeoutError);
    expect(calls[0]?.signal.aborted).toBe(true);
  });

  test("during the backoff: rejects with the reason, no further attempt", async () => {
    const { transport, calls, events } = transportFor(answers(status(503)));
    const controller = new AbortController();
    const error = failureOf(transport(new Request(url, { signal: controller.signal })));
    await vi.advanceTimersByTimeAsync(100);
    expect(events).toHaveLength(1);
    controller.abort(reason);

    expect(await error).toBe(reason);
    await vi.runAllTimersAsync();
    expect(calls).toHaveLength(1);
  });

  test("already aborted: nothing sent", async () => {
    const { transport, calls } = transportFor(answers(status(200)));
    const error = await failureOf(transport(new Request(url, { signal: AbortSignal.abort(reason) })));
    expect(error).toBe(reason);
    expect(calls).toHaveLength(0);
  });
});

describe("token secrecy", () => {
  async function failureAndEvents(answer: Answer): Promise<{ failure: unknown; events: RetryEvent[] }> {
    const { transport, events } = transportFor(answer, { timeoutMs: 1000, retry: { retries: 1 } });
    const error = failureOf(transport(new Request(url)));
    await vi.runAllTimersAsync();
    return { failure: await error, events };
  }

  test.each([
    ["a connection error", (() => Promise.reject(new TypeError("fetch failed"))) as Answer],
    ["a timeout", hang],
  ])("%s never shows the token", async (_name, answer) => {
    const { failure, events } = await failureAndEvents(answer);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).not.toContain("SECRET123");
    expect(String(failure)).not.toContain("SECRET123");
    expect(inspect(failure, { depth: 10, showHidden: true })).not.toContain("SECRET123");
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain("SECRET123");
    expect(events[0]?.path).toBe("/users");
  });

  test("retry events for answers never show the token", async () => {
    const { transport, events } = transportFor(answers(status(503)), { retry: { retries: 1 } });
    const response = transport(new Request(url));
    await vi.runAllTimersAsync();
    await response;
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain("SECRET123");
  });
});

describe("the body is read within the attempt", () => {
  const terminated = new TypeError("terminated");

  /**
   * A 200 whose body sends its first bytes, then fails with `cut` or, without one, never ends; like a body of
   * fetch, it fails with the signal's reason when the attempt is aborted.
   */
  const partial =
    (cut?: Error): Answer =>
    ({ signal }) =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"meta":'));
            if (cut) controller.error(cut);
            else signal.addEventListener("abort", () => controller.error(signal.reason), { once: true });
          },
        }),
        { status: 200 },
      );

  test("a body cut off is retried for a GET; the final answer is an ordinary unread Response", async () => {
    const cutOnce: Answer = (call, index) => (index === 0 ? partial(terminated)(call, index) : status(200)());
    const { transport, calls, events } = transportFor(cutOnce);
    const response = transport(new Request(url));
    await vi.runAllTimersAsync();

    const whole = await response;
    expect(whole).toBeInstanceOf(Response);
    expect(whole.bodyUsed).toBe(false);
    expect(await whole.clone().json()).toEqual({ meta: { status: 200 } });
    expect(await whole.text()).toBe('{"meta":{"status":200}}');
    expect(calls).toHaveLength(2);
    expect(events.map(({ attempt, reason }) => ({ attempt, reason }))).toEqual([
      { attempt: 1, reason: "network" },
    ]);
  });

  test("a body cut off every time ends in DashlyConnectionError holding the cause", async () => {
    const { transport, calls } = transportFor(partial(terminated), { retry: { retries: 2 } });
    const error = failureOf(transport(new Request(url)));
    await vi.runAllTimersAsync();

    const failure = await error;
    expect(failure).toBeInstanceOf(DashlyConnectionError);
    expect(failure).toMatchObject({ method: "GET", path: "/users", attempts: 3, cause: terminated });
    expect(calls).toHaveLength(3);
  });

  test("a POST whose body is cut off gets a single attempt", async () => {
    const { transport, calls } = transportFor(partial(terminated));
    const failure = await failureOf(transport(new Request(url, { method: "POST", body: "a=1" })));
    expect(failure).toBeInstanceOf(DashlyConnectionError);
    expect(failure).toMatchObject({ attempts: 1 });
    expect(calls).toHaveLength(1);
  });

  test("a body still coming at timeoutMs is a timeout of that attempt, retried", async () => {
    const { transport, calls, events } = transportFor(partial(), {
      timeoutMs: 5000,
      retry: { retries: 1, minDelayMs: 1000, maxDelayMs: 1000 },
    });
    const error = failureOf(transport(new Request(url)));
    await vi.advanceTimersByTimeAsync(11_000);

    const failure = await error;
    expect(failure).toBeInstanceOf(DashlyTimeoutError);
    expect(failure).toMatchObject({ timeoutMs: 5000, attempts: 2 });
    expect(calls.map((call) => call.at)).toEqual([0, 6000]);
    expect(events.map((event) => event.reason)).toEqual(["timeout"]);
  });

  test("the caller's abort while the body comes rejects with its reason, no retry", async () => {
    const { transport, calls } = transportFor(partial());
    const controller = new AbortController();
    const reason = new Error("caller gave up");
    const error = failureOf(transport(new Request(url, { signal: controller.signal })));
    await vi.advanceTimersByTimeAsync(100);
    controller.abort(reason);

    expect(await error).toBe(reason);
    await vi.runAllTimersAsync();
    expect(calls).toHaveLength(1);
  });

  test.each([
    ["a 200", status(200)],
    ["a final 503", status(503)],
  ])("%s leaves no timer behind once read", async (_name, answer) => {
    const { transport } = transportFor(answers(answer), { retry: false });
    const response = await transport(new Request(url));
    expect(await response.text()).toMatch(/^\{"meta"/);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("retry: false", () => {
  test("one attempt even on 429", async () => {
    const { transport, calls } = transportFor(answers(status(429, { "Retry-After": "1" }), status(200)), {
      retry: false,
    });
    expect((await transport(new Request(url))).status).toBe(429);
    expect(calls).toHaveLength(1);
  });

  test("one attempt on a network error", async () => {
    const { transport, calls } = transportFor(() => Promise.reject(new TypeError("fetch failed")), {
      retry: false,
    });
    const failure = await failureOf(transport(new Request(url)));
    expect((failure as Error).message).toContain("after 1 attempt(s)");
    expect(calls).toHaveLength(1);
  });
});

describe("errors of the given fetch that are not network failures", () => {
  class ContractViolation extends Error {
    override name = "ContractViolation";
  }

  test("propagate unchanged at once, never retried", async () => {
    const violation = new ContractViolation("the request broke the spec");
    const { transport, calls, events } = transportFor(() => Promise.reject(violation), {
      retry: { retries: 3 },
    });
    const failure = await failureOf(transport(new Request(url)));
    expect(failure).toBe(violation);
    expect(failure).not.toBeInstanceOf(DashlyError);
    expect(calls).toHaveLength(1);
    expect(events).toEqual([]);
  });
});

describe("a failing rate-limit store", () => {
  const down = new Error("connect ECONNREFUSED 127.0.0.1:6379");
  const failingStore = {
    take: () => Promise.reject(down),
    release: () => {},
    pause: () => Promise.reject(down),
  };

  test("fails the request closed, unsent, with DashlyRateLimitStoreError", async () => {
    const { transport, calls } = transportFor(answers(status(200)), { rateLimit: { store: failingStore } });
    const failure = await failureOf(transport(new Request(url)));
    expect(failure).toBeInstanceOf(DashlyRateLimitStoreError);
    expect(failure).toBeInstanceOf(DashlyError);
    expect(failure).toMatchObject({ method: "GET", path: "/users", cause: down });
    expect(calls).toHaveLength(0);
  });

  test("a later request asks the store again (the queue is not stuck)", async () => {
    let failures = 1;
    const store = new MemoryRateLimitStore();
    const flaky = {
      take: (key: string, options: RateLimitTakeOptions) =>
        failures-- > 0 ? Promise.reject(down) : store.take(key, options),
      release: (key: string, slot: string) => store.release(key, slot),
      pause: (key: string, ms: number) => store.pause(key, ms),
    };
    const { transport, calls } = transportFor(answers(status(200)), { rateLimit: { store: flaky } });
    const first = failureOf(transport(new Request(url)));
    const second = transport(new Request(url));
    expect(await first).toBeInstanceOf(DashlyRateLimitStoreError);
    expect((await second).status).toBe(200);
    expect(calls).toHaveLength(1);
  });
});

describe("events", () => {
  test("tell each attempt sent and answered, each retry and each wait, with the API path", async () => {
    const events = new Emitter();
    const seen: Array<[string, object]> = [];
    for (const name of ["request", "response", "retry", "wait"] as const)
      events.on(name, (event) => seen.push([name, event]));
    const { transport } = transportFor(answers(status(503), status(200)), {
      rateLimit: { limit: 1, windowMs: 1000 },
      retry: { minDelayMs: 10, maxDelayMs: 10 },
      events,
    });
    const response = transport(new Request(url));
    await vi.runAllTimersAsync();
    expect((await response).status).toBe(200);
    const site = { method: "GET", path: "/users" };
    expect(seen).toEqual([
      ["request", { ...site, attempt: 1 }],
      ["response", { ...site, status: 503, attempt: 1, durationMs: 0 }],
      ["retry", { ...site, attempt: 1, delayMs: 10, reason: "server-error", status: 503 }],
      // The slot of attempt 1 was released at 0; the backoff took 10 ms of the 1000 ms window.
      ["wait", { ...site, waitMs: 990, reason: "rate-limit" }],
      ["request", { ...site, attempt: 2 }],
      ["response", { ...site, status: 200, attempt: 2, durationMs: 0 }],
    ]);
  });

  test("a request that comes during a 429's pause waits, and says why", async () => {
    const events = new Emitter();
    const waits: unknown[] = [];
    events.on("wait", (event) => waits.push(event));
    const { transport } = transportFor(answers(status(429, { "Retry-After": "3" }), status(200)), {
      rateLimit: { limit: 10 },
      events,
    });
    const refused = transport(new Request(url));
    await vi.advanceTimersByTimeAsync(1000);
    const later = transport(new Request(url));
    await vi.runAllTimersAsync();
    expect((await refused).status).toBe(200);
    expect((await later).status).toBe(200);
    expect(waits).toEqual([{ method: "GET", path: "/users", waitMs: 2000, reason: "paused" }]);
  });
});
