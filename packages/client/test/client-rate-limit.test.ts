import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createDashlyClient, type RetryEvent } from "../src/index.ts";
import { failure, fakeApi, json, ok } from "./support/fake-api.ts";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("pacing and retries through the client", () => {
  it("gives two clients with one token one budget, and separate tokens separate budgets", async () => {
    const starts: Array<[string, number]> = [];
    const api = fakeApi((request) => {
      starts.push([request.query.get("auth_token") ?? "", Date.now()]);
      return ok({ id: "1" });
    });
    const rateLimit = { limit: 2, windowMs: 1_000 };
    const options = { baseUrl: "https://api.test/v1", fetch: api.fetch, rateLimit, retry: false } as const;
    const first = createDashlyClient({ token: "shared-token", ...options });
    const second = createDashlyClient({ token: "shared-token", ...options });
    const other = createDashlyClient({ token: "other-token", ...options });
    const t0 = Date.now();
    const calls = [first, second, first, other].map((client) =>
      client.GET("/users/{id}", { params: { path: { id: "1" } } }),
    );
    await vi.advanceTimersByTimeAsync(1_000);
    await Promise.all(calls);
    // Sorted: requests of separate budgets that go at the same moment may reach the server in any order.
    expect(starts.map(([token, at]) => [token, at - t0]).sort()).toEqual([
      ["other-token", 0],
      ["shared-token", 0],
      ["shared-token", 0],
      ["shared-token", 1_000],
    ]);
  });

  it("retries a 429 after Retry-After and then succeeds, reporting the retry", async () => {
    const api = fakeApi((_request, index) =>
      index === 0 ? failure(429, "TooManyRequests", "slow down", {}) : ok({ id: "7" }),
    );
    const events: RetryEvent[] = [];
    const dashly = createDashlyClient({
      token: "retry-token",
      baseUrl: "https://api.test/v1",
      fetch: async (input, init) => {
        const response = await api.fetch(input, init);
        return response.status === 429
          ? new Response(await response.text(), { status: 429, headers: { "Retry-After": "3" } })
          : response;
      },
      retry: { onRetry: (event) => events.push(event) },
    });
    const call = dashly.GET("/conversations/{id}", { params: { path: { id: "7" } } });
    await vi.advanceTimersByTimeAsync(3_000);
    const { data } = await call;
    expect(data.id).toBe("7");
    expect(api.seen).toHaveLength(2);
    expect(events).toEqual([
      {
        attempt: 1,
        delayMs: 3_000,
        reason: "rate-limited",
        method: "GET",
        path: "/conversations/7",
        status: 429,
      },
    ]);
  });

  it("pauses every client with the token for a 429's Retry-After: GETs started meanwhile wait it out", async () => {
    const t0 = Date.now();
    const arrivals: Array<[string, number]> = [];
    const api = fakeApi((request, index) => {
      arrivals.push([request.path, Date.now() - t0]);
      if (index > 0) return ok({ id: request.path.split("/").at(-1) });
      const refusal = {
        meta: { status: 429, error: "TooManyRequests", error_message: "slow down" },
        data: {},
      };
      return json(refusal, 429, { "Retry-After": "2" });
    });
    const options = { baseUrl: "https://api.test/v1", fetch: api.fetch } as const;
    const first = createDashlyClient({ token: "paused-token", ...options });
    const second = createDashlyClient({ token: "paused-token", ...options });
    const other = createDashlyClient({ token: "other-unpaused-token", ...options });
    const get = (client: typeof first, id: string) =>
      client.GET("/conversations/{id}", { params: { path: { id } } });

    const refused = get(first, "1");
    await vi.advanceTimersByTimeAsync(10);
    const meanwhile = [get(first, "2"), get(second, "3"), get(first, "4"), get(second, "5")];
    const unrelated = get(other, "6");
    await vi.advanceTimersByTimeAsync(1_989);
    // 1 999 ms after the 429: only it, and the request of another token (another budget), reached the server.
    expect(arrivals).toEqual([
      ["/v1/conversations/1", 0],
      ["/v1/conversations/6", 10],
    ]);
    await vi.advanceTimersByTimeAsync(1);

    const results = await Promise.all([refused, ...meanwhile]);
    expect(results.map(({ data }) => data.id)).toEqual(["1", "2", "3", "4", "5"]);
    expect((await unrelated).data.id).toBe("6");
    expect(arrivals.slice(2).sort()).toEqual([
      ["/v1/conversations/1", 2_000],
      ["/v1/conversations/2", 2_000],
      ["/v1/conversations/3", 2_000],
      ["/v1/conversations/4", 2_000],
      ["/v1/conversations/5", 2_000],
    ]);
  });

  it("counts each slot's window from its answer, so that no server can see 61 in a minute", async () => {
    // Every answer takes 500 ms: the server saw the 60 requests somewhere in [0, 500], and counts its window
    // from there. The client counts from the answers (500), so the 61st goes at 60 500, never earlier.
    const starts: number[] = [];
    const api = fakeApi(async () => {
      starts.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, 500));
      return ok({ id: "1" });
    });
    const dashly = createDashlyClient({
      token: "slow-answers-token",
      baseUrl: "https://api.test/v1",
      fetch: api.fetch,
      retry: false,
    });
    const t0 = Date.now();
    const calls = Array.from({ length: 61 }, () =>
      dashly.GET("/users/{id}", { params: { path: { id: "1" } } }),
    );
    await vi.advanceTimersByTimeAsync(60_499);
    expect(starts).toHaveLength(60);
    await vi.advanceTimersByTimeAsync(501);
    await Promise.all(calls);
    expect(starts.slice(0, 60).every((at) => at === t0)).toBe(true);
    expect(starts.map((at) => at - t0).at(60)).toBe(60_500);
  });

  it("leaves no timeout timer behind once an answer is read", async () => {
    const api = fakeApi(() => ok({ id: "1" }));
    const dashly = createDashlyClient({
      token: "timer-token",
      baseUrl: "https://api.test/v1",
      fetch: api.fetch,
    });
    await dashly.GET("/users/{id}", { params: { path: { id: "1" } } });
    await dashly.POST("/conversations/{id}/markread", { params: { path: { id: "1" } } });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("re-sends a POST's form unchanged after a 429, without copying it up front", async () => {
    const bodies: string[] = [];
    const api = fakeApi((request, index) => {
      bodies.push(request.body);
      return index === 0 ? failure(429, "TooManyRequests", "slow down") : ok({ id: "9", part_group: "10" });
    });
    const dashly = createDashlyClient({
      token: "replay-token",
      baseUrl: "https://api.test/v1",
      fetch: api.fetch,
      retry: { minDelayMs: 10, maxDelayMs: 10 },
    });
    const call = dashly.POST("/conversations/{id}/reply", {
      params: { path: { id: "5" } },
      body: { body: "Hey, great!", random_id: 7 },
    });
    await vi.advanceTimersByTimeAsync(20);
    expect((await call).data.id).toBe("9");
    expect(bodies).toEqual(["body=Hey%2C+great%21&random_id=7", "body=Hey%2C+great%21&random_id=7"]);
    expect(api.seen.map((request) => request.headers.get("content-type"))).toEqual([
      "application/x-www-form-urlencoded",
      "application/x-www-form-urlencoded",
    ]);
  });
});
