import { describe, expect, it } from "vitest";
import { createDashlyClient, type DashlyLogger } from "../src/index.ts";
import { failure, fakeApi, ok } from "./support/fake-api.ts";

describe("events and the logger", () => {
  it("log each attempt, answer and retry with method, path, status and attempt, never the token", async () => {
    const token = "EVENTS-SECRET-TOKEN";
    const api = fakeApi((_request, index) => (index === 0 ? failure(503, "Error500") : ok({ id: "42" })));
    const lines: Array<[string, object, string]> = [];
    const logger: DashlyLogger = {
      debug: (object, message) => void lines.push(["debug", object, message]),
      info: (object, message) => void lines.push(["info", object, message]),
      warn: (object, message) => void lines.push(["warn", object, message]),
      error: (object, message) => void lines.push(["error", object, message]),
    };
    const dashly = createDashlyClient({
      token,
      baseUrl: "https://api.test/v1",
      fetch: api.fetch,
      rateLimit: false,
      retry: { minDelayMs: 1, maxDelayMs: 1 },
      logger,
    });
    await dashly.GET("/users/{id}", { params: { path: { id: "42" } } });
    expect(lines.map(([level, , message]) => `${level} ${message}`)).toEqual([
      "debug dashly: GET /users/42 sent",
      "debug dashly: GET /users/42 answered 503",
      "warn dashly: GET /users/42 attempt 1 failed (server-error), retrying in 1 ms",
      "debug dashly: GET /users/42 sent",
      "debug dashly: GET /users/42 answered 200",
    ]);
    expect(lines[2]?.[1]).toEqual({
      dashly: {
        method: "GET",
        path: "/users/42",
        attempt: 1,
        delayMs: 1,
        reason: "server-error",
        status: 503,
      },
    });
    expect(JSON.stringify(lines)).not.toContain(token);
  });

  it("on() returns the function that stops listening", async () => {
    const api = fakeApi(() => ok({ id: "1" }));
    const dashly = createDashlyClient({
      token: "t",
      baseUrl: "https://api.test/v1",
      fetch: api.fetch,
      rateLimit: false,
    });
    const statuses: number[] = [];
    const stop = dashly.on("response", (event) => statuses.push(event.status));
    await dashly.GET("/users/{id}", { params: { path: { id: "1" } } });
    stop();
    await dashly.GET("/users/{id}", { params: { path: { id: "1" } } });
    expect(statuses).toEqual([200]);
  });
});
