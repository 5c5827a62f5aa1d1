import { describe, expect, it } from "vitest";
import { parseWebhook } from "../src/index.ts";
import { buildChatDelivery, buildEventDelivery, buildMessageWebhookDelivery } from "../src/testing.ts";
import { DOCS_CHAT_BODY, DOCS_TOKEN, TOKEN } from "./support/fixtures.ts";

const docsPart = parseWebhook(DOCS_CHAT_BODY, { token: DOCS_TOKEN });
if (docsPart.type !== "conversation") throw new Error("the docs' example is a chat delivery");

describe("buildChatDelivery", () => {
  it("writes the form Dashly sends, with the docs' headers", () => {
    const delivery = buildChatDelivery(docsPart.part, { token: DOCS_TOKEN });
    expect(delivery.headers).toStrictEqual({
      "content-type": "application/x-www-form-urlencoded",
      "user-agent": "Dashly Webhook 1.0",
    });
    const fields = new URLSearchParams(delivery.body);
    expect([...fields.keys()]).toStrictEqual(["type", "token", "conversation"]);
    expect(fields.get("type")).toBe("conversation");
    expect(fields.get("token")).toBe(DOCS_TOKEN);
    // The same JSON as the docs' example, less its spaces.
    expect(JSON.parse(fields.get("conversation") ?? "")).toStrictEqual(
      JSON.parse(new URLSearchParams(DOCS_CHAT_BODY).get("conversation") ?? ""),
    );
  });

  it("writes IDs as bare JSON numbers, past 2^53 too, and other strings as strings", () => {
    const { body } = buildChatDelivery(
      {
        direction: "a2u",
        type: "reply_admin",
        id: "1160406004324630614",
        created: 1684739969.358085,
        conversation: "64558819",
        from: { type: "admin", id: "111", name: "007" },
        body: "1234",
        body_json: { id: "42" },
      },
      { token: TOKEN },
    );
    expect(new URLSearchParams(body).get("conversation")).toBe(
      '{"direction":"a2u","type":"reply_admin","id":1160406004324630614,"created":1684739969.358085,"conversation":64558819,"from":{"type":"admin","id":111,"name":"007"},"body":"1234","body_json":{"id":"42"}}',
    );
  });

  it("refuses an empty token, as parseWebhook does", () => {
    expect(() => buildChatDelivery(docsPart.part, { token: "" })).toThrow(TypeError);
  });
});

describe("buildEventDelivery and buildMessageWebhookDelivery", () => {
  const user = { id: "1448121617782670208", app: "100", user_id: null, props: { $name: "Alex", orders: 3 } };
  const event = {
    id: "1160406004324630614",
    created: 1684923942.123456,
    type: { id: "4271", name: "Paid" },
    user: "1448121617782670208",
  };

  it("round-trip an event delivery", () => {
    const delivery = { user, userId: "27384", event, eventId: "1160406004324630614", eventName: "Paid" };
    const { body } = buildEventDelivery(delivery, { token: TOKEN });
    expect([...new URLSearchParams(body).keys()]).toStrictEqual([
      "type",
      "token",
      "user",
      "event",
      "user_id",
      "event_id",
      "event_name",
    ]);
    expect(parseWebhook(body, { token: TOKEN })).toStrictEqual({ type: "event", ...delivery });
  });

  it("round-trip a triggered-message delivery", () => {
    const delivery = {
      user,
      event,
      messageId: "193576",
      messageName: "Test webhook",
      sendingId: "166057817",
    };
    const { body } = buildMessageWebhookDelivery(delivery, { token: TOKEN });
    expect(parseWebhook(body, { token: TOKEN })).toStrictEqual({ type: "message_webhook", ...delivery });
  });
});
