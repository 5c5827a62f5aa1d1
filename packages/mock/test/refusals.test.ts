import { describe, expect, inject, it } from "vitest";
import { ContractViolationError, prefer, readViolations, strictFetch } from "../src/index.ts";
import type {} from "../src/vitest.ts";

const base = inject("dashlyMockUrl");

interface ErrorAnswer {
  meta: { status: number; error: string; error_message: string; error_fields?: Record<string, string[]> };
  data: Record<string, never>;
}

async function answer(path: string, init?: RequestInit) {
  const response = await fetch(`${base}${path}`, init);
  return { response, body: (await response.json()) as ErrorAnswer };
}

describe("every refusal is a Dashly envelope that says why", () => {
  it("lists Prism's real reasons in error_fields, not the spec's example", async () => {
    const { response, body } = await answer(
      "/apps/3/users/?auth_token=t&limit=500&offset=-1&convert_props_types=0",
    );
    expect(response.status).toBe(400);
    expect(body.meta).toMatchObject({ status: 400, error: "ValidationError" });
    expect(body.meta.error_fields).toEqual({
      offset: ["Request query parameter offset must be >= 0"],
      limit: ["Request query parameter limit must be <= 50"],
    });
    expect(body.meta.error_message).toContain("limit: Request query parameter limit must be <= 50");
    expect(body.data).toEqual({});
    expect(readViolations(response).map((violation) => violation.location.join("."))).toEqual([
      "request.query.offset",
      "request.query.limit",
    ]);
  });

  it("refuses a boolean typo, as the spec's Flag does, and takes Dashly's spellings", async () => {
    const typo = await answer("/users/1?auth_token=t&id_as_string=flase");
    expect(typo.response.status).toBe(400);
    expect(Object.keys(typo.body.meta.error_fields ?? {})).toEqual(["id_as_string"]);
    for (const spelling of ["TRUE", "1", "False", ""]) {
      const response = await fetch(`${base}/users/1?auth_token=t&id_as_string=${spelling}`);
      expect([spelling, response.status]).toEqual([spelling, 200]);
    }
  });

  it("names a missing required field", async () => {
    const { body } = await answer("/users/1/props?auth_token=t", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "double_subscribe=true",
    });
    expect(body.meta.error_fields).toEqual({
      operations: ["Request body must have required property 'operations'"],
    });
  });

  it("answers an unknown path 404 Error404 and a wrong method 405 MethodNotAllowed", async () => {
    const unknown = await answer("/users/1/nothing/?auth_token=t");
    expect([unknown.response.status, unknown.body]).toEqual([
      404,
      { meta: { status: 404, error: "Error404", error_message: "API method does not exist" }, data: {} },
    ]);
    const wrongMethod = await answer("/users/1?auth_token=t", { method: "PUT" });
    expect([wrongMethod.response.status, wrongMethod.body.meta.error]).toEqual([405, "MethodNotAllowed"]);
    expect(wrongMethod.response.headers.get("content-type")).toBe("application/json");
  });

  it("answers a missing key 401 NotAuthenticated", async () => {
    const { response, body } = await answer("/users/1/");
    expect([response.status, body.meta.error]).toEqual([401, "NotAuthenticated"]);
  });

  it("turns Prism's problem+json into an envelope that keeps Prism's reason", async () => {
    const { response, body } = await answer("/users/1?auth_token=t", { headers: prefer({ code: 418 }) });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(body.meta.error).toBe("Error404");
    expect(body.meta.error_message).toMatch(/Requested status code 418 is not defined/);
  });

  it("leaves a documented error answer picked with Prefer as the spec wrote it", async () => {
    const { response, body } = await answer("/users/1?auth_token=t", {
      headers: prefer({ code: 400, example: "lookup" }),
    });
    expect(response.status).toBe(400);
    expect(body.meta.error).toBe("LookupError");
    expect(readViolations(response)).toEqual([]);
  });
});

describe("the strict fetch", () => {
  it("throws ContractViolationError for an unknown path, a wrong method and a conflict, token hidden", async () => {
    const strict = strictFetch();
    const cases: Array<[string, RequestInit | undefined, number]> = [
      ["/conversations/1/nothing?auth_token=secret-key", undefined, 404],
      ["/conversations/1?auth_token=secret-key", { method: "DELETE" }, 405],
      [
        "/conversations/1/close?auth_token=secret-key&from_admin=1",
        {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: "from_admin=2",
        },
        400,
      ],
    ];
    for (const [path, init, status] of cases) {
      const error = await strict(`${base}${path}`, init).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ContractViolationError);
      expect((error as ContractViolationError).status).toBe(status);
      expect((error as Error).message).not.toContain("secret-key");
    }
  });
});
