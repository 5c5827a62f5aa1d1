import { DashlyLookupError, DashlyPermissionDeniedError } from "@dashly/client";
import { describe, expect, it } from "vitest";
import { clientOf, testSandbox } from "../support/sandbox.ts";

async function setup() {
  const sandbox = await testSandbox();
  return { sandbox, dashly: clientOf(sandbox) };
}

describe("users", () => {
  it("sets props with every operation and reads them back, with the meta the docs describe", async () => {
    const { dashly } = await setup();
    const path = { id: "crm-27384" };
    const query = { by_user_id: true };
    const first = await dashly.POST("/users/{id}/props", {
      params: { path, query },
      body: {
        operations: [
          { op: "update_or_create", key: "$email", value: "alex@example.com" },
          { op: "set_once", key: "source", value: "ads" },
          { op: "add", key: "orders", value: 2 },
          { op: "append", key: "visited", value: "pricing" },
          { op: "union", key: "interests", value: ["shoes", "hats"] },
          { op: "update_or_create", key: "empty", value: "" },
        ],
      },
    });
    expect(first.meta).toMatchObject({
      affected_props: ["$email", "source", "orders", "visited", "interests"],
      not_changed_props: [],
      ignored_operations: [
        { operation: { op: "update_or_create", key: "empty", value: "" }, reason: "empty value" },
      ],
    });
    const second = await dashly.POST("/users/{id}/props", {
      params: { path, query },
      body: {
        operations: [
          { op: "update_or_create", key: "$email", value: "alex@example.com" },
          { op: "set_once", key: "source", value: "mail" },
          { op: "add", key: "orders", value: 1 },
          { op: "append", key: "visited", value: "pricing" },
          { op: "union", key: "interests", value: ["shoes", "socks"] },
          { op: "exclude", key: "interests", value: "hats" },
          { op: "delete", key: "$email" },
          { op: "add", key: "source", value: 1 },
        ],
      },
    });
    expect(second.meta).toMatchObject({
      affected_props: ["orders", "visited", "interests", "$email"],
      not_changed_props: ["source"],
      ignored_operations: [
        { operation: { op: "add", key: "source", value: 1 }, reason: "the property is not a number" },
      ],
    });
    const { data: user } = await dashly.GET("/users/{id}", {
      params: { path, query: { by_user_id: true, props_custom: true } },
    });
    expect(user.user_id).toBe("crm-27384");
    expect(user.props).toEqual({ $user_id: "crm-27384" });
    expect(user.props_custom).toEqual({
      source: "ads",
      orders: 3,
      visited: ["pricing", "pricing"],
      interests: ["shoes", "socks"],
    });
  });

  it("convert_props_types=false sends property values as text; parse_custom_props_type reads numbers", async () => {
    const { dashly } = await setup();
    const path = { id: "u1" };
    await dashly.POST("/users/{id}/props", {
      params: { path, query: { by_user_id: true } },
      body: { operations: [{ op: "update_or_create", key: "age", value: "41" }] },
    });
    const typed = await dashly.GET("/users/{id}", {
      params: { path, query: { by_user_id: true, props_custom: true } },
    });
    expect(typed.data.props_custom).toEqual({ age: 41 });
    const text = await dashly.GET("/users/{id}", {
      params: { path, query: { by_user_id: true, props_custom: true, convert_props_types: false } },
    });
    expect(text.data.props_custom).toEqual({ age: "41" });
  });

  it("an unknown user is a LookupError on reads; another app's user is PermissionDenied", async () => {
    const { dashly, sandbox } = await setup();
    sandbox.seed({ apps: [{ id: "42" }], users: [{ id: "43", app: "42" }] });
    await expect(
      dashly.GET("/users/{id}", { params: { path: { id: "nobody" }, query: { by_user_id: true } } }),
    ).rejects.toBeInstanceOf(DashlyLookupError);
    await expect(dashly.GET("/users/{id}", { params: { path: { id: "999" } } })).rejects.toBeInstanceOf(
      DashlyLookupError,
    );
    await expect(dashly.GET("/users/{id}", { params: { path: { id: "43" } } })).rejects.toBeInstanceOf(
      DashlyPermissionDeniedError,
    );
    await expect(
      dashly.GET("/users/{id}", { params: { path: { id: sandbox.ids.appId }, query: { app: "42" } } }),
    ).rejects.toBeInstanceOf(DashlyPermissionDeniedError);
  });

  it("tracks events (creating the user by User ID) and lists them newest first, filtered and paged", async () => {
    const { dashly } = await setup();
    const path = { id: "shopper" };
    const query = { by_user_id: true };
    const { data: event } = await dashly.POST("/users/{id}/events", {
      params: { path, query },
      body: { event: "Added to cart", params: { items: 3 } },
    });
    expect(event).toMatchObject({ type: { name: "Added to cart" }, props: { items: 3 } });
    await dashly.POST("/users/{id}/events", {
      params: { path, query },
      body: { event: "Viewed", params: { page: "pricing" } },
    });
    await dashly.POST("/users/{id}/events", {
      params: { path, query },
      body: { event: "Added to cart", created: 1684923942.5 },
    });
    const all = await dashly.GET("/users/{id}/events", { params: { path, query: { ...query, count: 2 } } });
    expect(all.data.map((one) => one.type.name)).toEqual(["Added to cart", "Viewed"]);
    const rest = await dashly.GET("/users/{id}/events", {
      params: { path, query: { ...query, after: String(all.meta.next_after) } },
    });
    expect(rest.data.map((one) => one.id)).toEqual([event.id]);
    expect(rest.meta.next_after).toBeNull();
    const carts = await dashly.GET("/users/{id}/events", {
      params: { path, query: { ...query, filter_name: "Added to cart" } },
    });
    expect(carts.data).toHaveLength(2);
    expect(carts.data[0]?.created).toBe(1684923942.5);
    const asText = await dashly.GET("/users/{id}/events", {
      params: { path, query: { ...query, filter_name: "Viewed", props_as_string: true } },
    });
    expect(asText.data[0]?.props).toEqual({ page: "pricing" });
    const { data: user } = await dashly.GET("/users/{id}", {
      params: { path, query: { ...query, events: true, props_events: true } },
    });
    expect(
      Object.values(user.events as Record<string, { count: number }>)
        .map((stat) => stat.count)
        .sort(),
    ).toEqual([1, 2]);
    expect(Object.keys(user.props_events ?? {})).toHaveLength(6);
  });

  it("starts a conversation as the visitor and finds it among the user's conversations", async () => {
    const { dashly } = await setup();
    const path = { id: "visitor-1" };
    const { data: started } = await dashly.POST("/users/{id}/startconversation", {
      params: { path, query: { by_user_id: true } },
      body: { body: "Hello, how are you", random_id: 7 },
    });
    const { data: conversations } = await dashly.GET("/users/{id}/conversations", {
      params: { path, query: { by_user_id: true } },
    });
    expect(conversations.map((one) => one.id)).toEqual([started.id]);
    expect(conversations[0]?.part_last).toMatchObject({
      type: "reply_user",
      body: "Hello, how are you",
      random_id: 7,
      first: true,
    });
  });

  it("sends a manual message: the conversation is the user's, but not in the Inbox until the user replies", async () => {
    const { dashly, sandbox } = await setup();
    const { userId } = sandbox.startChat("Maria");
    const { data: sent } = await dashly.POST("/users/{id}/sendmessage", {
      params: { path: { id: userId } },
      body: { body: "Can I help?" },
    });
    const { data: mine } = await dashly.GET("/users/{id}/conversations", {
      params: { path: { id: userId } },
    });
    expect(mine.map((one) => one.id)).toContain(sent.conversation);
    const inbox = async () =>
      (await dashly.GET("/apps/{id}/conversations", { params: { path: { id: "$self_app" } } })).data.map(
        (one) => one.id,
      );
    expect(await inbox()).not.toContain(sent.conversation);
    sandbox.leadSays(sent.conversation, "Yes please");
    expect(await inbox()).toContain(sent.conversation);
    const { data: conversation } = await dashly.GET("/conversations/{id}", {
      params: { path: { id: sent.conversation } },
    });
    expect(conversation).toMatchObject({ message: sent.message, type: "popup_chat" });
    const replies = await dashly.GET("/users/{id}/conversations", {
      params: { path: { id: userId }, query: { with_user_replies_only: true } },
    });
    expect(replies.data.map((one) => one.id)).toEqual([sent.conversation]);
  });

  it("sendmessage to an unknown User ID is a LookupError", async () => {
    const { dashly } = await setup();
    await expect(
      dashly.POST("/users/{id}/sendmessage", {
        params: { path: { id: "ghost" }, query: { by_user_id: true } },
        body: { body: "hi" },
      }),
    ).rejects.toBeInstanceOf(DashlyLookupError);
  });

  it("setpresence makes the user active, with session details, until two minutes pass", async () => {
    const { dashly, sandbox } = await setup();
    const { userId } = sandbox.startChat("Online");
    await dashly.POST("/users/{id}/setpresence", {
      params: { path: { id: userId } },
      body: {
        presence: "online",
        session: "5d41402abc4b2a76b9719d911017c592",
        current_page: "Pricing",
        current_url: "https://example.com/pricing",
      },
    });
    const { data: user } = await dashly.GET("/users/{id}", {
      params: { path: { id: userId }, query: { presence_details: true } },
    });
    expect(user).toMatchObject({
      presence: "online",
      presence_details: { page: "Pricing", url: "https://example.com/pricing", presence: "online" },
    });
    const active = await dashly.GET("/apps/{id}/activeusers", { params: { path: { id: "$self_app" } } });
    expect(active.data.map((one) => one.id)).toEqual([userId]);
    await sandbox.fetch(`${sandbox.url}/_sandbox/clock`, {
      method: "POST",
      body: JSON.stringify({ advanceMs: 121_000 }),
    });
    expect(
      (await dashly.GET("/apps/{id}/activeusers", { params: { path: { id: "$self_app" } } })).data,
    ).toEqual([]);
    expect((await dashly.GET("/users/{id}", { params: { path: { id: userId } } })).data.presence).toBe(
      "offline",
    );
  });
});
