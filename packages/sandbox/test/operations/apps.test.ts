import { DashlyPermissionDeniedError } from "@dashly/client";
import { describe, expect, it } from "vitest";
import { clientOf, testSandbox } from "../support/sandbox.ts";

const self = { id: "$self_app" };

describe("apps", () => {
  it("lists leads with filters, sorting and offset/limit pages", async () => {
    const sandbox = await testSandbox();
    const dashly = clientOf(sandbox);
    sandbox.seed({
      users: [
        { userId: "a", props: { $name: "Ann", $email: "ann@example.com", orders: 5 } },
        { userId: "b", props: { $name: "Bob", $email: "bob@other.org", orders: 1 } },
        { userId: "c", props: { $name: "Cid", $email: "cid@example.com", orders: 9 } },
        { props: { visits: 3 } },
      ],
    });
    const byOrders = await dashly.GET("/apps/{id}/users", {
      params: { path: self, query: { sort_prop: "orders", sort_order: "asc" } },
    });
    expect(byOrders.data.users.map((user) => user.user_id)).toEqual(["b", "a", "c"]);
    const filters = {
      type: "and" as const,
      filters: [
        { type: "str_contains" as const, property_name: "$email", value: { value: "@example.com" } },
        { type: "gt" as const, property_name: "orders", value: { value: 4 } },
      ],
    };
    const filtered = await dashly.GET("/apps/{id}/users", {
      params: { path: self, query: { filters, sort_prop: "orders" } },
    });
    expect(filtered.data.users.map((user) => user.user_id)).toEqual(["c", "a"]);
    const second = await dashly.GET("/apps/{id}/users", {
      params: { path: self, query: { sort_prop: "orders", offset: 1, limit: 1 } },
    });
    expect(second.data.users.map((user) => user.user_id)).toEqual(["a"]);
    const everyone = await dashly
      .paginate("/apps/{id}/users", { params: { path: self, query: { limit: 2 } } })
      .toArray({ limit: 100 });
    expect(everyone.map((user) => user.user_id).sort()).toEqual(["a", "b", "c"]);
  });

  it("lists the Inbox newest first, filtered by closed, assignee, tags and channel, paged by an exact float cursor", async () => {
    const sandbox = await testSandbox();
    const dashly = clientOf(sandbox);
    const made: string[] = [];
    for (let index = 0; index < 5; index++) {
      const chat = sandbox.startChat(`Lead ${index}`);
      sandbox.leadSays(chat.conversationId, `question ${index}`);
      made.push(chat.conversationId);
    }
    const [c0, c1, c2, c3, c4] = made as [string, string, string, string, string];
    await dashly.POST("/conversations/{id}/close", {
      params: { path: { id: c0 } },
      body: { from_admin: "default_admin" },
    });
    await dashly.POST("/conversations/{id}/assign", {
      params: { path: { id: c1 } },
      body: { admin: sandbox.ids.operatorId, from_admin: "default_admin" },
    });
    await dashly.POST("/conversations/{id}/tag", { params: { path: { id: c2 } }, body: { tag: "sales" } });
    await dashly.POST("/conversations/{id}/tag", { params: { path: { id: c2 } }, body: { tag: "en" } });
    await dashly.POST("/conversations/{id}/tag", { params: { path: { id: c3 } }, body: { tag: "sales" } });
    sandbox.operatorSays(c4, "answered");

    const list = async (query: Record<string, unknown>) =>
      (await dashly.GET("/apps/{id}/conversations", { params: { path: self, query } })).data.map(
        (one) => one.id,
      );
    expect(await list({})).toEqual([c4, c3, c2, c1, c0]);
    expect(await list({ closed: true })).toEqual([c0]);
    expect(await list({ assigned: sandbox.ids.operatorId })).toEqual([c1]);
    expect(await list({ assigned: "0", include_not_assigned: true })).toEqual([c4, c3, c2, c0]);
    expect(await list({ tags: ["sales", "en"] })).toEqual([c2]);
    expect(await list({ tags: ["sales"] })).toEqual([c3, c2]);
    expect(await list({ answered: true })).toEqual([c4]);
    expect(await list({ channel: "0" })).toEqual([]);

    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const { data, meta } = await dashly.GET("/apps/{id}/conversations", {
        params: { path: self, query: { count: 2, after } },
      });
      seen.push(...data.map((one) => one.id));
      after = meta.next_after === null ? undefined : String(meta.next_after);
      pages += 1;
    } while (after !== undefined);
    expect(seen).toEqual([c4, c3, c2, c1, c0]);
    expect(pages).toBe(3);
  });

  it("lists the channels with their operators and counts", async () => {
    const sandbox = await testSandbox();
    const dashly = clientOf(sandbox);
    const chat = sandbox.startChat("Lead");
    sandbox.leadSays(chat.conversationId, "hi");
    const { data: channels } = await dashly.GET("/apps/{id}/channels", { params: { path: self } });
    expect(channels).toHaveLength(1);
    expect(channels[0]).toMatchObject({ name: "Website chat", not_assigned_count: 1, not_read_count: 1 });
    expect(channels[0]?.operators?.map((admin) => admin.id)).toEqual([
      sandbox.ids.operatorId,
      sandbox.ids.botId,
    ]);
    const { data: conversation } = await dashly.GET("/conversations/{id}", {
      params: { path: { id: chat.conversationId } },
    });
    expect(conversation.channel).toMatchObject({ id: channels[0]?.id });
  });

  it("another app's ID is PermissionDenied; the app's own ID works like $self_app", async () => {
    const sandbox = await testSandbox();
    const dashly = clientOf(sandbox);
    await expect(
      dashly.GET("/apps/{id}/channels", { params: { path: { id: "42" } } }),
    ).rejects.toBeInstanceOf(DashlyPermissionDeniedError);
    const { data } = await dashly.GET("/apps/{id}/channels", { params: { path: { id: sandbox.ids.appId } } });
    expect(data).toHaveLength(1);
  });
});
