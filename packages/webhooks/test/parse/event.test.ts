import { describe, expect, it } from "vitest";
import { parseWebhook } from "../../src/index.ts";
import { EVENT_JSON, EVENT_USER_JSON, form, TOKEN } from "../support/fixtures.ts";

const user = {
  id: "85648207",
  app: "3",
  user_id: "27384",
  presence: "online",
  props: { $name: "Alex", $email: "alex@example.com" },
};
const event = {
  id: "1160406004324630614",
  created: 1684923942.123456,
  type: { id: "4271", name: "Added to cart", score: 0, visible: true },
  user: "85648207",
  props: { items: 3 },
};

describe("an event delivery", () => {
  it("parses the user, the event and the plain fields", () => {
    const body = form({
      type: "event",
      token: TOKEN,
      user: EVENT_USER_JSON,
      user_id: "85648207",
      event: EVENT_JSON,
      event_id: "1160406004324630614",
      event_name: "Added to cart",
    });
    expect(parseWebhook(body, { token: TOKEN })).toStrictEqual({
      type: "event",
      user,
      userId: "85648207",
      event,
      eventId: "1160406004324630614",
      eventName: "Added to cart",
    });
  });

  it("leaves the optional plain fields out when they are absent", () => {
    const body = form({ type: "event", token: TOKEN, user: EVENT_USER_JSON, event: EVENT_JSON });
    expect(parseWebhook(body, { token: TOKEN })).toStrictEqual({ type: "event", user, event });
  });

  it("keeps user properties as sent: an `id` property is data, a huge integer keeps its digits", () => {
    const userJson = '{"id":1,"props":{"id":42,"orders":1160406004324630614},"props_custom":{"user":5}}';
    const delivery = parseWebhook(form({ type: "event", token: TOKEN, user: userJson, event: EVENT_JSON }), {
      token: TOKEN,
    });
    expect(delivery.type === "event" && delivery.user).toStrictEqual({
      id: "1",
      props: { id: 42, orders: "1160406004324630614" },
      props_custom: { user: 5 },
    });
  });

  it("reads the IDs of the user's segments, notes and event stats", () => {
    const userJson =
      '{"id":1,"segments":[{"id":11,"name":"VIP"}],"notes":[{"id":12,"body":"hi","author":{"type":"admin","id":13}}],"events":{"4271":{"event_type":{"id":4271,"name":"Paid"},"count":2}}}';
    const delivery = parseWebhook(form({ type: "event", token: TOKEN, user: userJson, event: EVENT_JSON }), {
      token: TOKEN,
    });
    expect(delivery.type === "event" && delivery.user).toStrictEqual({
      id: "1",
      segments: [{ id: "11", name: "VIP" }],
      notes: [{ id: "12", body: "hi", author: { type: "admin", id: "13" } }],
      events: { "4271": { event_type: { id: "4271", name: "Paid" }, count: 2 } },
    });
  });
});

describe("a triggered-message delivery", () => {
  it("parses the spec's example, message fields included", () => {
    const body = form({
      type: "message_webhook",
      token: TOKEN,
      message_id: "193576",
      message_name: "Test webhook",
      sending_id: "166057817",
      user: '{"id":85648207,"app":3,"presence":"online","presence_details":{"session_started":1523971170,"page":"Pricing"}}',
      user_id: "85648207",
      event:
        '{"id":335695472,"created":1523971174,"type":{"id":4271,"name":"Visited pricing","score":0,"visible":true},"user":85648207,"props":{}}',
      event_id: "335695472",
    });
    expect(parseWebhook(body, { token: TOKEN })).toStrictEqual({
      type: "message_webhook",
      user: {
        id: "85648207",
        app: "3",
        presence: "online",
        presence_details: { session_started: 1523971170, page: "Pricing" },
      },
      userId: "85648207",
      event: {
        id: "335695472",
        created: 1523971174,
        type: { id: "4271", name: "Visited pricing", score: 0, visible: true },
        user: "85648207",
        props: {},
      },
      eventId: "335695472",
      messageId: "193576",
      messageName: "Test webhook",
      sendingId: "166057817",
    });
  });
});
