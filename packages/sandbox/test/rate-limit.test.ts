import { DashlyTooManyRequestsError } from "@dashly/client";
import { describe, expect, it } from "vitest";
import { call, clientOf, testSandbox } from "./support/sandbox.ts";

describe("rate limit", () => {
  it("answers 429 TooManyRequests with Retry-After past the limit, per token, until the window moves on", async () => {
    const sandbox = await testSandbox({
      rateLimit: { limit: 3, windowMs: 60_000 },
      apiTokens: ["one", "two"],
    });
    for (let index = 0; index < 3; index++)
      expect((await call(sandbox, "/v1/apps/$self_app/channels?auth_token=one")).status).toBe(200);
    const refused = await call(sandbox, "/v1/apps/$self_app/channels?auth_token=one");
    expect(refused.status).toBe(429);
    expect(refused.json.meta).toMatchObject({ status: 429, error: "TooManyRequests" });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(59);
    expect((await call(sandbox, "/v1/apps/$self_app/channels?auth_token=two")).status).toBe(200);
    await sandbox.fetch(`${sandbox.url}/_sandbox/clock`, {
      method: "POST",
      body: JSON.stringify({ advanceMs: 60_000 }),
    });
    expect((await call(sandbox, "/v1/apps/$self_app/channels?auth_token=one")).status).toBe(200);
  });

  it("is Dashly's 60 a minute by default, and the client sees a typed error", async () => {
    const sandbox = await testSandbox({ rateLimit: undefined });
    const dashly = clientOf(sandbox);
    for (let index = 0; index < 60; index++)
      await dashly.GET("/apps/{id}/channels", { params: { path: { id: "$self_app" } } });
    const error = await dashly
      .GET("/apps/{id}/channels", { params: { path: { id: "$self_app" } } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DashlyTooManyRequestsError);
    expect((error as DashlyTooManyRequestsError).retryAfter).toBeGreaterThan(0);
  });
});
