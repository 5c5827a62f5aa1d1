import { describe, expect, it } from "vitest";
import { createDashlyClient } from "../src/index.ts";
import { fakeApi, ok, quiet } from "./support/fake-api.ts";

const baseUrl = "https://api.test/v1";

describe("query parameters", () => {
  it("send the token, ask for string IDs, and encode lists and filters as the API reads them", async () => {
    const api = fakeApi(() => ok({ users: [] }));
    const dashly = createDashlyClient({ token: "tok-1", baseUrl, fetch: api.fetch, ...quiet });
    await dashly.GET("/apps/{id}/users", {
      params: {
        path: { id: "$self_app" },
        query: { filters: { type: "and", filters: [{ type: "known", property_name: "$email" }] }, limit: 5 },
      },
    });
    const [request] = api.seen;
    expect(request?.path).toBe("/v1/apps/%24self_app/users");
    expect(request?.query.get("auth_token")).toBe("tok-1");
    expect(request?.query.get("id_as_string")).toBe("true");
    expect(request?.query.get("limit")).toBe("5");
    expect(JSON.parse(request?.query.get("filters") ?? "")).toEqual({
      type: "and",
      filters: [{ type: "known", property_name: "$email" }],
    });
  });

  it("joins tags with commas and keeps an explicit id_as_string", async () => {
    const api = fakeApi(() => ok([], { next_after: null }));
    const dashly = createDashlyClient({ token: "t", baseUrl, fetch: api.fetch, ...quiet });
    await dashly.GET("/apps/{id}/conversations", {
      params: { path: { id: "3" }, query: { tags: ["sales", "en"], closed: false, id_as_string: false } },
    });
    expect(api.seen[0]?.query.get("tags")).toBe("sales,en");
    expect(api.seen[0]?.query.get("closed")).toBe("false");
    expect(api.seen[0]?.query.get("id_as_string")).toBe("false");
  });

  it("puts the token in an Authorization header instead, when asked", async () => {
    const api = fakeApi(() => ok({}));
    const dashly = createDashlyClient({
      token: "tok-2",
      auth: "header",
      baseUrl,
      fetch: api.fetch,
      ...quiet,
    });
    await dashly.POST("/conversations/{id}/markread", { params: { path: { id: "12" } } });
    expect(api.seen[0]?.headers.get("authorization")).toBe("Token tok-2");
    expect(api.seen[0]?.query.has("auth_token")).toBe(false);
  });
});

describe("request bodies", () => {
  it("are url-encoded forms whose structured fields travel as JSON", async () => {
    const api = fakeApi(() => ok({}, { affected_props: ["$email"] }));
    const dashly = createDashlyClient({ token: "t", baseUrl, fetch: api.fetch, ...quiet });
    const operations = [
      { op: "update_or_create" as const, key: "$email", value: "alex@example.com" },
      { op: "union" as const, key: "interests", value: ["shoes", "hats"] },
    ];
    await dashly.POST("/users/{id}/props", {
      params: { path: { id: "27384" }, query: { by_user_id: true } },
      body: { operations, double_subscribe: true },
    });
    const [request] = api.seen;
    expect(request?.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(request?.body);
    expect(JSON.parse(form.get("operations") ?? "")).toEqual(operations);
    expect(form.get("double_subscribe")).toBe("true");
    expect(request?.query.get("by_user_id")).toBe("true");
  });

  it("become multipart when a file is attached, named as the API is told", async () => {
    const api = fakeApi(() => ok({ id: "9", part_group: "10" }));
    const dashly = createDashlyClient({ token: "t", baseUrl, fetch: api.fetch, ...quiet });
    await dashly.POST("/conversations/{id}/reply", {
      params: { path: { id: "5" } },
      body: {
        body: "The invoice",
        attachment: new Blob(["%PDF-1.4"], { type: "application/pdf" }),
        attachment_file_name: "invoice.pdf",
        body_json: { kind: "invoice" },
      },
    });
    const [request] = api.seen;
    expect(request?.headers.get("content-type")).toMatch(/^multipart\/form-data; boundary=/);
    expect(request?.body).toContain('name="attachment"; filename="invoice.pdf"');
    expect(request?.body).toContain("%PDF-1.4");
    expect(request?.body).toContain('{"kind":"invoice"}');
  });
});
