import { describe, expect, it } from "vitest";
import {
  createDashlyClient,
  DashlyApiError,
  DashlyConnectionError,
  DashlyError,
  DashlyRateLimitStoreError,
  DashlyTimeoutError,
  type RateLimitStore,
} from "../src/index.ts";
import { failure, fakeApi } from "./support/fake-api.ts";

const base = {
  token: "errors-token",
  baseUrl: "https://api.test/v1",
  retry: false,
  rateLimit: false,
} as const;
const getUser = (dashly: ReturnType<typeof createDashlyClient>) =>
  dashly.GET("/users/{id}", { params: { path: { id: "42" } } }).catch((caught: unknown) => caught);

describe("one error family", () => {
  it("every kind of failure is a DashlyError with the same method and API path", async () => {
    const answered = fakeApi(() => failure(404, "Error404", "no such thing"));
    const refused = (async () => {
      throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:9") });
    }) as typeof fetch;
    const hanging = ((_input: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      })) as typeof fetch;
    const storeDown: RateLimitStore = {
      take: () => Promise.reject(new Error("redis down")),
      release: () => {},
      pause: () => {},
    };
    const errors = [
      await getUser(createDashlyClient({ ...base, fetch: answered.fetch })),
      await getUser(createDashlyClient({ ...base, fetch: refused })),
      await getUser(createDashlyClient({ ...base, fetch: hanging, timeoutMs: 10 })),
      await getUser(createDashlyClient({ ...base, fetch: answered.fetch, rateLimit: { store: storeDown } })),
    ];
    expect(errors.map((error) => (error as Error).constructor)).toEqual([
      (errors[0] as Error).constructor,
      DashlyConnectionError,
      DashlyTimeoutError,
      DashlyRateLimitStoreError,
    ]);
    expect(errors[0]).toBeInstanceOf(DashlyApiError);
    for (const error of errors) {
      expect(error).toBeInstanceOf(DashlyError);
      expect(error).toMatchObject({ method: "GET", path: "/users/42" });
      expect((error as Error).message).toMatch(/^GET \/users\/42 /);
    }
    expect(errors.map((error) => (error as Error).name)).toEqual([
      "DashlyNotFoundError",
      "DashlyConnectionError",
      "DashlyTimeoutError",
      "DashlyRateLimitStoreError",
    ]);
  });

  it("the caller's abort reason passes through as it is", async () => {
    const reason = new Error("job cancelled");
    const dashly = createDashlyClient({ ...base, fetch: fakeApi(() => failure(500, "Error500")).fetch });
    const error = await dashly
      .GET("/users/{id}", { params: { path: { id: "1" } }, signal: AbortSignal.abort(reason) })
      .catch((caught: unknown) => caught);
    expect(error).toBe(reason);
  });
});

describe("options checked at creation", () => {
  const token = "CREATION-SECRET-TOKEN";

  it.each([
    ["127.0.0.1:4010", /scheme/],
    ["localhost:4010", /scheme/],
    ["api.example.test/v1", /scheme/],
    ["ftp://api.dashly.app/v1", /http/],
    ["https://user:pw@api.dashly.app/v1", /credentials/],
    ["https://api.dashly.app/v1?auth_token=x", /query/],
  ])("a base URL of %s is refused with a clear TypeError, token and URL left out", (baseUrl, reason) => {
    let error: unknown;
    try {
      createDashlyClient({ token, baseUrl });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message).not.toContain(token);
    expect((error as Error).message).not.toContain(baseUrl);
  });

  it("a trailing slash on the base URL is fine, and paths in errors stay the API's", async () => {
    const api = fakeApi(() => failure(403, "PermissionDeniedError"));
    const dashly = createDashlyClient({ ...base, baseUrl: "https://api.test/v1/", fetch: api.fetch });
    const error = await getUser(dashly);
    expect(api.seen[0]?.path).toBe("/v1/users/42");
    expect(error).toMatchObject({ path: "/users/42" });
  });

  it("a token with spaces or control characters is refused without being quoted", () => {
    expect(() => createDashlyClient({ token: "abc def\n" })).toThrow(TypeError);
    expect(() => createDashlyClient({ token: "abc def\n" })).not.toThrow(/abc/);
  });
});
