import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ContractViolationError,
  prefer,
  type RunningMock,
  readViolations,
  startMock,
  strictFetch,
} from "../src/index.ts";

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(() => mock?.stop());

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields).toString(),
});

describe("strict contract mode", () => {
  it("passes a request that follows the spec", async () => {
    const operations = JSON.stringify([{ op: "update_or_create", key: "$email", value: "alex@example.com" }]);
    const response = await mock.fetch(`${mock.url}/users/85648207/props?auth_token=t`, form({ operations }));
    expect(response.status).toBe(200);
    expect(readViolations(response)).toEqual([]);
  });

  it("fails a request that breaks the spec, with Prism's reasons in the message", async () => {
    const operations = JSON.stringify([{ op: "bogus", key: "$email", value: "alex@example.com" }]);
    const error = await mock
      .fetch(`${mock.url}/users/85648207/props?auth_token=secret-token`, form({ operations }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ContractViolationError);
    const violation = error as ContractViolationError;
    expect(violation.status).toBe(400);
    expect(violation.method).toBe("POST");
    expect(violation.violations[0]?.location).toEqual(["request", "body", "operations", "0", "op"]);
    expect(violation.message).toContain(
      "request.body.operations.0.op: Request body property operations.0.op must be equal to one of the allowed values",
    );
    expect(violation.message).not.toContain("secret-token");
  });

  it("names a JSON field that is not JSON", async () => {
    const error = await mock
      .fetch(`${mock.url}/users/85648207/events?auth_token=t`, form({ event: "Paid", params: "{items: 3}" }))
      .catch((caught: unknown) => caught);
    expect((error as ContractViolationError).message).toMatch(
      /request\.body\.params: .*params is not valid JSON/,
    );
  });

  it("leaves the plain fetch alone, so a test can look at the 400 itself", async () => {
    const response = await fetch(`${mock.url}/apps/3/conversations?auth_token=t&count=500`);
    expect(response.status).toBe(400);
    expect(readViolations(response)[0]?.message).toMatch(/count must be <= 50/);
    await expect(strictFetch()(`${mock.url}/apps/3/conversations?auth_token=t&count=500`)).rejects.toThrow(
      /request\.query\.count: Request query parameter count must be <= 50/,
    );
  });
});

describe("scenarios", () => {
  const get = (path: string, headers: Record<string, string>) =>
    mock.fetch(`${mock.url}${path}${path.includes("?") ? "&" : "?"}auth_token=t`, { headers });

  it("builds the Prefer header", () => {
    expect(prefer({ code: 429 })).toEqual({ Prefer: "code=429" });
    expect(prefer({ code: 400, example: "lookup" })).toEqual({ Prefer: "code=400, example=lookup" });
    expect(() => prefer({})).toThrow(TypeError);
  });

  it("answers the documented 429 with its Retry-After", async () => {
    const response = await get("/users/85648207", prefer({ code: 429 }));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("30");
    expect(await response.json()).toEqual({
      meta: { status: 429, error: "TooManyRequests", error_message: "Request limit quantity exceeded" },
      data: {},
    });
  });

  it("answers a named example of an error", async () => {
    const response = await get("/users/abc/events?by_user_id=true", prefer({ code: 400, example: "lookup" }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { meta: { error: string } }).meta.error).toBe("LookupError");
  });

  it("answers a named example of a success", async () => {
    const response = await mock.fetch(`${mock.url}/conversations/1/assign?auth_token=t`, {
      ...form({ from_admin: "default_admin" }),
      headers: { "content-type": "application/x-www-form-urlencoded", ...prefer({ example: "unchanged" }) },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ meta: { status: 200 }, data: {} });
  });
});
