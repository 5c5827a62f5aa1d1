import { describe, expect, it } from "vitest";
import { createDashlyClient } from "../src/index.ts";
import { fakeApi, json, ok, quiet } from "./support/fake-api.ts";

const baseUrl = "https://api.test/v1";
const part = (id: string) => ({
  id,
  created: 1450420434,
  conversation: "7",
  type: "reply_user",
  body: `part ${id}`,
});

describe("cursor pagination", () => {
  it("walks every page with integer cursors and stops at a null cursor", async () => {
    const pages: Record<string, { items: string[]; next: number | null }> = {
      first: { items: ["30", "29"], next: 29 },
      "29": { items: ["28", "27"], next: 27 },
      "27": { items: ["26"], next: null },
    };
    const api = fakeApi((request) => {
      const page = pages[request.query.get("after") ?? "first"];
      return page ? ok(page.items.map(part), { next_after: page.next }) : json({}, 500);
    });
    const dashly = createDashlyClient({ token: "t", baseUrl, fetch: api.fetch, ...quiet });
    const ids: string[] = [];
    for await (const item of dashly.paginate("/conversations/{id}/parts", {
      params: { path: { id: "7" }, query: { count: 2 } },
    })) {
      ids.push(item.id);
    }
    expect(ids).toEqual(["30", "29", "28", "27", "26"]);
    expect(api.seen.map((request) => request.query.get("after"))).toEqual([null, "29", "27"]);
    expect(api.seen.every((request) => request.query.get("count") === "2")).toBe(true);
  });

  it("sends a float cursor back exactly as received", async () => {
    // Printed back from a double, these would come out as 1447339319.900966 and 1684739969.358085:
    // different cursors from the ones the server gave.
    const raw = [
      '{"meta":{"status":200,"next_after":1447339319.9009660},"data":[{"id":"1","created":1}]}',
      '{"meta":{"status":200,"next_after":1684739969.35808500001},"data":[{"id":"2","created":2}]}',
      '{"meta":{"status":200,"next_after":null},"data":[{"id":"3","created":3}]}',
    ];
    const api = fakeApi((_request, index) => json(raw[index] ?? raw[2]));
    const dashly = createDashlyClient({ token: "t", baseUrl, fetch: api.fetch, ...quiet });
    const conversations = await dashly
      .paginate("/users/{id}/conversations", { params: { path: { id: "5" } } })
      .toArray({ limit: 10 });
    expect(conversations.map((conversation) => conversation.id)).toEqual(["1", "2", "3"]);
    expect(api.seen.map((request) => request.query.get("after"))).toEqual([
      null,
      "1447339319.9009660",
      "1684739969.35808500001",
    ]);
  });

  it("gives the exact cursor in meta too", async () => {
    const api = fakeApi(() => json('{"data":[],"meta":{"next_after":1447339319.9009660,"status":200}}'));
    const dashly = createDashlyClient({ token: "t", baseUrl, fetch: api.fetch, ...quiet });
    const { meta } = await dashly.GET("/users/{id}/events", { params: { path: { id: "5" } } });
    expect(meta.next_after).toBe("1447339319.9009660");
  });

  it("stops when asked for no more than a limit, and insists on one", async () => {
    const api = fakeApi((_request, index) =>
      ok([part(String(100 - 2 * index)), part(String(99 - 2 * index))], { next_after: 1000 - index }),
    );
    const dashly = createDashlyClient({ token: "t", baseUrl, fetch: api.fetch, ...quiet });
    const paginator = dashly.paginate("/apps/{id}/conversations", { params: { path: { id: "$self_app" } } });
    const firstThree = await paginator.toArray({ limit: 3 });
    expect(firstThree.map((conversation) => conversation.id)).toEqual(["100", "99", "98"]);
    expect(api.seen).toHaveLength(2);
    await expect(paginator.toArray({ limit: 0 })).rejects.toThrow(RangeError);
  });

  it("stops when the server repeats a cursor instead of looping forever", async () => {
    const api = fakeApi(() => ok([part("1")], { next_after: 5 }));
    const dashly = createDashlyClient({ token: "t", baseUrl, fetch: api.fetch, ...quiet });
    const parts = await dashly
      .paginate("/conversations/{id}/parts", { params: { path: { id: "7" } } })
      .toArray({ limit: 100 });
    expect(parts).toHaveLength(2);
    expect(api.seen).toHaveLength(2);
  });
});

describe("offset pagination of the app's users", () => {
  it("moves by offset, yields each user once, and stops at a short page", async () => {
    const pages = [["1", "2", "3"], ["3", "4", "5"], ["6"]];
    const api = fakeApi((request) => {
      const page = pages[Number(request.query.get("offset")) / 3] ?? [];
      return ok({ users: page.map((id) => ({ id })) });
    });
    const dashly = createDashlyClient({ token: "t", baseUrl, fetch: api.fetch, ...quiet });
    const users = await dashly
      .paginate("/apps/{id}/users", { params: { path: { id: "3" }, query: { limit: 3 } } })
      .toArray({ limit: 50 });
    expect(users.map((user) => user.id)).toEqual(["1", "2", "3", "4", "5", "6"]);
    expect(api.seen.map((request) => [request.query.get("offset"), request.query.get("limit")])).toEqual([
      ["0", "3"],
      ["3", "3"],
      ["6", "3"],
    ]);
  });
});
