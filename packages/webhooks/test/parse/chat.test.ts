import { describe, expect, it } from "vitest";
import { type ChatWebhookPart, parseWebhook } from "../../src/index.ts";
import { DOCS_CHAT_BODY, DOCS_TOKEN, docsChatPart, form, TOKEN } from "../support/fixtures.ts";

function parsePart(conversation: string, extra: Record<string, string> = {}): ChatWebhookPart {
  const delivery = parseWebhook(form({ type: "conversation", token: TOKEN, conversation, ...extra }), {
    token: TOKEN,
  });
  if (delivery.type !== "conversation") throw new Error(`expected a chat delivery, got ${delivery.type}`);
  return delivery.part;
}

describe("a chat delivery", () => {
  it("parses the docs' example to the part, IDs as strings", () => {
    const delivery = parseWebhook(DOCS_CHAT_BODY, { token: DOCS_TOKEN });
    expect(delivery).toStrictEqual({ type: "conversation", part: docsChatPart() });
    if (delivery.type !== "conversation") throw new Error("expected a chat delivery");
    const { id, conversation, from, assignee, random_id } = delivery.part;
    expect([id, conversation, from, assignee?.id, random_id]).toEqual([
      "78183798",
      "64558819",
      "85648207",
      "111",
      132466821,
    ]);
  });

  it("keeps every digit of a 64-bit ID that JSON.parse would round", () => {
    const text =
      '{"id":1160406004324630614,"created":1,"conversation":18446744073709551615,"type":"note","direction":"a2u","part_group":9007199254740993}';
    expect(String((JSON.parse(text) as { id: number }).id)).toBe("1160406004324630500"); // what JSON.parse makes of it
    const part = parsePart(text);
    expect(part.id).toBe("1160406004324630614");
    expect(part.conversation).toBe("18446744073709551615");
    expect(part.part_group).toBe("9007199254740993");
  });

  it("reads `from` as a user ID when it is a number and as an Admin when it is an object", () => {
    const base = '"id":1,"created":1,"conversation":2,"type":"reply_user","direction":"u2a"';
    expect(parsePart(`{${base},"from":85648207}`).from).toBe("85648207");
    expect(parsePart(`{${base},"from":{"type":"admin","name":"inkov","id":111}}`).from).toStrictEqual({
      type: "admin",
      name: "inkov",
      id: "111",
    });
  });

  it("turns the IDs of attachments and of the inbound email into strings", () => {
    const part = parsePart(
      '{"id":1,"created":1,"conversation":2,"type":"reply_user","direction":"u2a","inbound_email":1160406004324630999,"attachments":[{"id":1160406004324630777,"filename":"a.pdf","size":1024}]}',
    );
    expect(part.inbound_email).toBe("1160406004324630999");
    expect(part.attachments).toStrictEqual([{ id: "1160406004324630777", filename: "a.pdf", size: 1024 }]);
  });

  it("leaves numbers inside body_json alone, even under an `id` key", () => {
    const part = parsePart(
      '{"id":1,"created":1.5,"conversation":2,"type":"vote","direction":"u2a","body_json":{"id":7,"user":8,"big":1160406004324630614,"ratio":0.25}}',
    );
    expect(part.created).toBe(1.5);
    expect(part.body_json).toStrictEqual({ id: 7, user: 8, big: "1160406004324630614", ratio: 0.25 });
  });

  it("keeps fields the spec does not know, and ignores unknown form fields", () => {
    const part = parsePart(
      '{"id":1,"created":1,"conversation":2,"type":"reply_user","direction":"u2a","new_flag":true,"__proto__":{"x":1}}',
      { extra: "ignored" },
    );
    expect(part.new_flag).toBe(true);
    expect(Object.getPrototypeOf(part)).toBe(Object.prototype);
    expect(Object.hasOwn(part, "__proto__")).toBe(true);
  });

  it("accepts the form as URLSearchParams", () => {
    const delivery = parseWebhook(new URLSearchParams(DOCS_CHAT_BODY), { token: DOCS_TOKEN });
    expect(delivery.type === "conversation" && delivery.part.id).toBe("78183798");
  });

  it("accepts a form Content-Type with a charset, in any case", () => {
    for (const contentType of [
      "application/x-www-form-urlencoded",
      "application/x-www-form-urlencoded; charset=UTF-8",
      "Application/X-WWW-Form-Urlencoded;charset=utf-8",
    ]) {
      expect(parseWebhook(DOCS_CHAT_BODY, { token: DOCS_TOKEN, contentType }).type).toBe("conversation");
    }
  });
});
