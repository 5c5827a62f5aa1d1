import { DashlyLookupError, DashlyPermissionDeniedError } from "@dashly/client";
import { describe, expect, it } from "vitest";
import { clientOf, testSandbox } from "../support/sandbox.ts";

async function setup() {
  const sandbox = await testSandbox();
  const dashly = clientOf(sandbox);
  const chat = sandbox.startChat("Alex");
  sandbox.leadSays(chat.conversationId, "Hello, how are you");
  return { sandbox, dashly, chat, path: { id: chat.conversationId } };
}

describe("conversations", () => {
  it("replies as an admin and reads the reply back from the parts, newest first", async () => {
    const { dashly, path, sandbox } = await setup();
    const { data: created } = await dashly.POST("/conversations/{id}/reply", {
      params: { path },
      body: { body: "Hey, great!", from_admin: sandbox.ids.operatorId, random_id: 132466821 },
    });
    const { data: parts } = await dashly.GET("/conversations/{id}/parts", { params: { path } });
    expect(parts.map((part) => [part.type, part.body])).toEqual([
      ["reply_admin", "Hey, great!"],
      ["reply_user", "Hello, how are you"],
    ]);
    expect(parts[0]).toMatchObject({
      id: created.id,
      random_id: 132466821,
      direction: "a2u",
      from: { id: sandbox.ids.operatorId, type: "admin" },
    });
  });

  it("replies as the visitor with from_user, and a note is a part the visitor does not get as a reply", async () => {
    const { dashly, path } = await setup();
    await dashly.POST("/conversations/{id}/reply", {
      params: { path },
      body: { body: "Still there?", from_user: "default_user" },
    });
    await dashly.POST("/conversations/{id}/reply", { params: { path }, body: { body: "VIP", type: "note" } });
    const { data: conversation } = await dashly.GET("/conversations/{id}", { params: { path } });
    expect(conversation.parts_count).toBe(3);
    expect(conversation.part_last).toMatchObject({
      type: "note",
      body: "VIP",
      from: { type: "default_admin" },
    });
    expect(conversation.reply_last).toMatchObject({ type: "reply_user", body: "Still there?" });
  });

  it("auto_assign writes the assignment before the reply", async () => {
    const { dashly, path, sandbox } = await setup();
    await dashly.POST("/conversations/{id}/reply", {
      params: { path },
      body: { body: "On it", auto_assign: sandbox.ids.operatorId },
    });
    const { data: parts } = await dashly.GET("/conversations/{id}/parts", { params: { path } });
    expect(parts.slice(0, 2).map((part) => part.type)).toEqual(["reply_admin", "assigned"]);
    const { data: conversation } = await dashly.GET("/conversations/{id}", { params: { path } });
    expect(conversation.assignee).toMatchObject({ id: sandbox.ids.operatorId });
  });

  it("attaches a file sent as multipart", async () => {
    const { dashly, path } = await setup();
    await dashly.POST("/conversations/{id}/reply", {
      params: { path },
      body: {
        attachment: new File(["%PDF-1.4"], "invoice.pdf", { type: "application/pdf" }),
        attachment_file_name: "invoice.pdf",
      },
    });
    const { data: parts } = await dashly.GET("/conversations/{id}/parts", { params: { path } });
    expect(parts[0]?.attachments).toEqual([
      expect.objectContaining({ filename: "invoice.pdf", size: 8, mime_type: "application/pdf" }),
    ]);
  });

  it("pages the parts with after/count and an exact cursor", async () => {
    const { dashly, path, sandbox, chat } = await setup();
    for (let index = 1; index <= 6; index++) sandbox.leadSays(chat.conversationId, `message ${index}`);
    const pages: string[][] = [];
    let after: string | undefined;
    do {
      const { data, meta } = await dashly.GET("/conversations/{id}/parts", {
        params: { path, query: { count: 3, after } },
      });
      pages.push(data.map((part) => part.body ?? ""));
      after = meta.next_after === null ? undefined : String(meta.next_after);
    } while (after !== undefined);
    expect(pages).toEqual([
      ["message 6", "message 5", "message 4"],
      ["message 3", "message 2", "message 1"],
      ["Hello, how are you"],
    ]);
  });

  it("assigns, reassigns and unassigns; assigning the same admin changes nothing", async () => {
    const { dashly, path, sandbox } = await setup();
    const first = await dashly.POST("/conversations/{id}/assign", {
      params: { path },
      body: { admin: sandbox.ids.operatorId, from_admin: "default_admin" },
    });
    expect(first.data.id).toMatch(/^[0-9]+$/);
    const again = await dashly.POST("/conversations/{id}/assign", {
      params: { path },
      body: { admin: sandbox.ids.operatorId, from_admin: "default_admin" },
    });
    expect(again.data).toEqual({});
    expect((await dashly.GET("/conversations/{id}", { params: { path } })).data.assignee).toMatchObject({
      id: sandbox.ids.operatorId,
    });
    await dashly.POST("/conversations/{id}/assign", {
      params: { path },
      body: { from_admin: "default_admin" },
    });
    expect((await dashly.GET("/conversations/{id}", { params: { path } })).data.assignee).toBeNull();
  });

  it("assigning an unknown admin is a LookupError", async () => {
    const { dashly, path } = await setup();
    await expect(
      dashly.POST("/conversations/{id}/assign", {
        params: { path },
        body: { admin: "77", from_admin: "default_admin" },
      }),
    ).rejects.toBeInstanceOf(DashlyLookupError);
  });

  it("adds and removes tags (POST, DELETE and the deprecated action=delete); repeats are no-ops", async () => {
    const { dashly, path } = await setup();
    await dashly.POST("/conversations/{id}/tag", { params: { path }, body: { tag: "sales" } });
    await dashly.POST("/conversations/{id}/tag", { params: { path }, body: { tag: "en" } });
    expect(
      (await dashly.POST("/conversations/{id}/tag", { params: { path }, body: { tag: "en" } })).data,
    ).toEqual({});
    expect((await dashly.GET("/conversations/{id}", { params: { path } })).data.tags).toEqual([
      "sales",
      "en",
    ]);
    await dashly.DELETE("/conversations/{id}/tag", { params: { path }, body: { tag: "sales" } });
    await dashly.POST("/conversations/{id}/tag", { params: { path }, body: { tag: "en", action: "delete" } });
    expect(
      (await dashly.DELETE("/conversations/{id}/tag", { params: { path }, body: { tag: "en" } })).data,
    ).toEqual({});
    const { data: conversation } = await dashly.GET("/conversations/{id}", { params: { path } });
    expect(conversation.tags).toEqual([]);
    const { data: parts } = await dashly.GET("/conversations/{id}/parts", { params: { path } });
    expect(parts.map((part) => [part.type, part.tag])).toEqual([
      ["tag_deleted", "en"],
      ["tag_deleted", "sales"],
      ["tag_added", "en"],
      ["tag_added", "sales"],
      ["reply_user", undefined],
    ]);
  });

  it("closes once; the lead writing again reopens it", async () => {
    const { dashly, path, sandbox, chat } = await setup();
    expect(
      (
        await dashly.POST("/conversations/{id}/close", {
          params: { path },
          body: { from_admin: "default_admin" },
        })
      ).data.id,
    ).toBeDefined();
    expect(
      (
        await dashly.POST("/conversations/{id}/close", {
          params: { path },
          body: { from_admin: "default_admin" },
        })
      ).data,
    ).toEqual({});
    expect((await dashly.GET("/conversations/{id}", { params: { path } })).data.closed).toBe(true);
    sandbox.leadSays(chat.conversationId, "One more thing");
    expect((await dashly.GET("/conversations/{id}", { params: { path } })).data.closed).toBe(false);
  });

  it("markread marks the admin's replies read by the visitor", async () => {
    const { dashly, path, sandbox, chat } = await setup();
    sandbox.operatorSays(chat.conversationId, "Hi!");
    expect((await dashly.GET("/conversations/{id}", { params: { path } })).data.unread_parts_count).toBe(1);
    await dashly.POST("/conversations/{id}/markread", { params: { path } });
    expect((await dashly.GET("/conversations/{id}", { params: { path } })).data.unread_parts_count).toBe(0);
    const { data: parts } = await dashly.GET("/conversations/{id}/parts", { params: { path } });
    expect(parts.every((part) => part.read)).toBe(true);
  });

  it("settyping shows who is typing in the conversation view until a part comes", async () => {
    const { dashly, path, sandbox, chat } = await setup();
    await dashly.POST("/conversations/{id}/settyping", {
      params: { path },
      body: { body: "Let me check", from_admin: "default_admin" },
    });
    expect(sandbox.conversation(chat.conversationId).typing).toEqual({ by: "admin", body: "Let me check" });
    sandbox.operatorSays(chat.conversationId, "Checked");
    expect(sandbox.conversation(chat.conversationId).typing).toBeNull();
  });

  it("an unknown conversation is a LookupError, another app's is PermissionDenied", async () => {
    const { dashly, sandbox } = await setup();
    sandbox.seed({
      apps: [{ id: "42" }],
      users: [{ id: "43", app: "42" }],
      conversations: [{ id: "44", user: "43", parts: [{ from: "user", body: "hi" }] }],
    });
    await expect(
      dashly.GET("/conversations/{id}", { params: { path: { id: "999" } } }),
    ).rejects.toBeInstanceOf(DashlyLookupError);
    await expect(
      dashly.GET("/conversations/{id}", { params: { path: { id: "44" } } }),
    ).rejects.toBeInstanceOf(DashlyPermissionDeniedError);
    await expect(
      dashly.POST("/conversations/{id}/reply", { params: { path: { id: "44" } }, body: { body: "x" } }),
    ).rejects.toBeInstanceOf(DashlyPermissionDeniedError);
  });
});
