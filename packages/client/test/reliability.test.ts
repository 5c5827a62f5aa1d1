import { faultKinds, type RunningFaultInjector, startFaultInjector, strictFetch } from "@dashly/mock";
import type {} from "@dashly/mock/vitest";
import { afterEach, describe, expect, inject, it } from "vitest";
import {
  createDashlyClient,
  DashlyApiError,
  DashlyConnectionError,
  DashlyServerError,
  DashlyTimeoutError,
  type RetryEvent,
} from "../src/index.ts";
import { countingFetch, pool } from "./support/fault-run.ts";

// The client against Prism behind a fault injector that fails 20% of the requests it sees, in every way it
// knows. The injector's `forwarded` counts are what the API really acted on: the test checks them, not what
// the client believes.
const faultRate = 0.2;
const timeoutMs = 6_000; // Prism answers within ~1 s even when every package's tests run at once: only injected faults time out
const slowMs = 30_000; // a `slow` fault outlasts the timeout: the client leaves, the request is never forwarded
const retries = 5;
const retry = { retries, minDelayMs: 5, maxDelayMs: 50 }; // Retry-After: 1 is capped to 50 ms as well
const rateLimit = { limit: 1_000, windowMs: 1_000 }; // pacing out of the way: this is about faults

let injector: RunningFaultInjector | undefined;
afterEach(() => injector?.stop());

/** A 200 whose body did not parse: the server acted, the client could not read the answer. */
const isUnreadableAnswer = (error: unknown): error is DashlyApiError =>
  error instanceof DashlyApiError && error.status === 200 && error.error === undefined;

type Outcome = "answered" | "acted, answer unreadable";

interface Operation {
  method: "GET" | "POST";
  /** Unique per operation, so that the injector's counts by route are counts per operation. */
  route: string;
  call(): Promise<unknown>;
}

function operations(dashly: ReturnType<typeof createDashlyClient>, count: number): Operation[] {
  return Array.from({ length: count }, (_, index): Operation => {
    const id = String(7_100_000 + index);
    switch (index % 5) {
      case 0:
        return {
          method: "GET",
          route: `GET /users/${id}`,
          call: () => dashly.GET("/users/{id}", { params: { path: { id } } }),
        };
      case 1:
        return {
          method: "GET",
          route: `GET /conversations/${id}`,
          call: () => dashly.GET("/conversations/{id}", { params: { path: { id } } }),
        };
      case 2:
        return {
          method: "GET",
          route: `GET /users/${id}/conversations`,
          call: () => dashly.GET("/users/{id}/conversations", { params: { path: { id } } }),
        };
      case 3:
        return {
          method: "POST",
          route: `POST /conversations/${id}/reply`,
          call: () =>
            dashly.POST("/conversations/{id}/reply", {
              params: { path: { id } },
              body: { body: `Answer ${index}`, from_admin: "default_admin", random_id: 1_000 + index },
            }),
        };
      default:
        return {
          method: "POST",
          route: `POST /users/${id}/events`,
          call: () =>
            dashly.POST("/users/{id}/events", {
              params: { path: { id } },
              body: { event: `Reliability ${index}`, params: { index } },
            }),
        };
    }
  });
}

describe("the client against an API that fails 20% of the time", () => {
  it("completes a batch of GETs and POSTs: none lost, none duplicated, within the retry budget", async () => {
    const started = performance.now();
    injector = await startFaultInjector({ upstream: inject("dashlyMockUrl"), faultRate, seed: 21, slowMs });
    const counting = countingFetch(strictFetch());
    const retried: RetryEvent[] = [];
    // `retryUnsafe: true` is what lets a POST survive a 5xx, a dropped connection or a timeout (a 429 is
    // retried for any method). It is safe HERE because the injector fails requests before they reach the API,
    // so a failed POST was not acted on and sending it again cannot duplicate it. Against the real API a 5xx,
    // a reset or a timeout can come after Dashly created the part: a retry then posts it twice. Dashly has no
    // idempotency key (`random_id` is only echoed, for the realtime widget to recognise its own message), so
    // with a real server retryUnsafe trades lost writes for possible duplicates; the second test shows the
    // default, which trades the other way.
    const dashly = createDashlyClient({
      token: "reliability-token",
      baseUrl: injector.url,
      fetch: counting.fetch,
      rateLimit,
      timeoutMs,
      retry: { ...retry, retryUnsafe: true, onRetry: (event) => retried.push(event) },
    });

    const batch = operations(dashly, 100);
    const attemptsPerCall: number[] = [];
    const readsAgain = new Map<string, number>();
    const outcomes = await pool(
      batch.map((operation) => async (): Promise<Outcome | string> => {
        // A GET whose answer came back cut is read again: a read has no effect to duplicate. A POST is not: a
        // 200 means the API acted, however unreadable its answer.
        for (let call = 1; ; call++) {
          const before = counting.attemptsOf(operation.route);
          try {
            await operation.call();
            return "answered";
          } catch (error) {
            if (!isUnreadableAnswer(error)) return `${(error as Error).name}: ${(error as Error).message}`;
            if (operation.method === "POST") return "acted, answer unreadable";
            if (call === 3) return "read 3 unreadable answers";
            readsAgain.set(operation.route, call);
          } finally {
            attemptsPerCall.push(counting.attemptsOf(operation.route) - before);
          }
        }
      }),
      16,
    );
    const stats = injector.stats();
    const seconds = (performance.now() - started) / 1000;

    expect(
      outcomes.filter((outcome) => outcome !== "answered" && outcome !== "acted, answer unreadable"),
    ).toEqual([]);
    // None lost, none duplicated: every POST reached the API exactly once, every GET once per read.
    const forwarded = batch.map((operation) => [operation.route, stats.forwardedByRoute[operation.route]]);
    const expected = batch.map((operation) => [
      operation.route,
      operation.method === "POST" ? 1 : 1 + (readsAgain.get(operation.route) ?? 0),
    ]);
    expect(forwarded).toEqual(expected);
    expect(stats.duplicated.filter((identity) => identity.startsWith("POST"))).toEqual([]);
    // Within the budget: no call sent more than 1 + retries attempts, and every attempt is accounted for.
    expect(Math.max(...attemptsPerCall)).toBeLessThanOrEqual(1 + retries);
    const faults = Object.values(stats.faults).reduce((sum, count) => sum + count, 0);
    expect(stats.seen).toBe(counting.total());
    // Only `truncated` faults reached the API (a `slow` one is held past the client's timeout).
    expect(stats.seen - stats.forwarded).toBe(faults - stats.faults.truncated);
    // Seed 21 brings every kind of fault (only two slow ones, which cost a timeout each), and cut answers to
    // GETs and to POSTs alike, so the numbers above mean something.
    for (const kind of faultKinds) expect([kind, stats.faults[kind] > 0]).toEqual([kind, true]);
    expect(faults / stats.seen).toBeGreaterThan(0.1);
    expect(readsAgain.size).toBeGreaterThan(0);
    expect(outcomes).toContain("acted, answer unreadable");

    console.info(
      summary("retryUnsafe", {
        operations: batch.length,
        attempts: stats.seen,
        "most attempts for one call": Math.max(...attemptsPerCall),
        retries: countBy(retried.map((event) => event.reason)),
        faults: stats.faults,
        "GETs read again after a cut answer": readsAgain.size,
        "POSTs acted on with an unreadable answer": outcomes.filter((o) => o === "acted, answer unreadable")
          .length,
        seconds: Number(seconds.toFixed(1)),
      }),
    );
  });

  it("by default never sends a POST twice, and says which ones failed (lost unless the caller acts)", async () => {
    injector = await startFaultInjector({ upstream: inject("dashlyMockUrl"), faultRate, seed: 2, slowMs });
    const counting = countingFetch(strictFetch());
    const dashly = createDashlyClient({
      token: "reliability-default-token",
      baseUrl: injector.url,
      fetch: counting.fetch,
      rateLimit,
      timeoutMs,
      retry, // retryUnsafe left false: POSTs are retried after a 429 only
    });
    const posts = operations(dashly, 200).filter((operation) => operation.method === "POST");
    const errors = await pool(
      posts.map(
        (operation) => () =>
          operation.call().then(
            () => undefined,
            (error: unknown) => error,
          ),
      ),
      8,
    );
    const stats = injector.stats();

    expect(stats.duplicated).toEqual([]);
    const lost = posts.filter((operation) => stats.forwardedByRoute[operation.route] === undefined);
    const failed = posts.filter(
      (_, index) => errors[index] !== undefined && !isUnreadableAnswer(errors[index]),
    );
    // Exactly the POSTs that failed with a 5xx, a dropped connection or a timeout never reached the API...
    expect(lost.map((operation) => operation.route)).toEqual(failed.map((operation) => operation.route));
    for (const error of errors.filter((error) => error !== undefined && !isUnreadableAnswer(error))) {
      expect(
        error instanceof DashlyServerError ||
          error instanceof DashlyConnectionError ||
          error instanceof DashlyTimeoutError,
      ).toBe(true);
    }
    // ... and there were some: without retryUnsafe (or a retry of the caller's) those writes are lost.
    expect(lost.length).toBeGreaterThan(0);
    // 429s are retried for POSTs too: the API refused them before acting.
    expect(stats.faults["rate-limited"]).toBeGreaterThan(0);
    expect(posts.every((operation) => (stats.forwardedByRoute[operation.route] ?? 0) <= 1)).toBe(true);

    console.info(
      summary("default", {
        posts: posts.length,
        attempts: stats.seen,
        "failed, never acted on": lost.length,
        faults: stats.faults,
      }),
    );
  });
});

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

function summary(label: string, figures: Record<string, unknown>): string {
  return `reliability (${label}): ${JSON.stringify(figures)}`;
}
