import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createDashlyClient } from "../src/index.ts";
import { failure, fakeApi } from "./support/fake-api.ts";

const token = "SECRET-TOKEN-f00d";

function expectNoToken(value: unknown) {
  expect(String(value)).not.toContain(token);
  expect(inspect(value, { depth: 10 })).not.toContain(token);
  expect(JSON.stringify(value) ?? "").not.toContain(token);
  if (value instanceof Error) expect(value.message).not.toContain(token);
}

describe("the token", () => {
  it("stays out of API errors, even though the request URL carried it", async () => {
    const api = fakeApi(() => failure(403, "PermissionDeniedError", "No access"));
    const dashly = createDashlyClient({
      token,
      baseUrl: "https://api.test/v1",
      fetch: api.fetch,
      rateLimit: false,
      retry: false,
    });
    const error = await dashly
      .GET("/conversations/{id}", { params: { path: { id: "1" } } })
      .catch((caught: unknown) => caught);
    expect(api.seen[0]?.query.get("auth_token")).toBe(token);
    expectNoToken(error);
  });

  it("stays out of connection errors and of the client itself", async () => {
    const failing = (async () => {
      throw new TypeError("fetch failed");
    }) as typeof fetch;
    const dashly = createDashlyClient({
      token,
      baseUrl: "https://api.test/v1",
      fetch: failing,
      rateLimit: false,
      retry: false,
    });
    const error = await dashly
      .GET("/users/{id}", { params: { path: { id: "1" } } })
      .catch((caught: unknown) => caught);
    expect((error as Error).name).toBe("DashlyConnectionError");
    expectNoToken(error);
    expectNoToken(dashly);
  });

  it("is required", () => {
    expect(() => createDashlyClient({ token: " " })).toThrow(/needs a token/);
  });
});
