import { parseWebhook, type WebhookDelivery } from "@dashly/webhooks";
import { afterEach, describe, expect, it } from "vitest";
import { startReceiver } from "./support/receiver.ts";
import { clientOf, testSandbox } from "./support/sandbox.ts";

const receivers: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

async function setup(statuses?: number[], retry = { attempts: 3, delayMs: 20 }) {
  const receiver = await startReceiver(statuses);
  receivers.push(receiver);
  const sandbox = await testSandbox({
    webhookUrl: receiver.url,
    webhookToken: "wh-secret",
    webhookRetry: retry,
  });
  return { receiver, sandbox };
}

function parsed(body: string): Extract<WebhookDelivery, { type: "conversation" }> {
  const delivery = parseWebhook(body, {
    token: "wh-secret",
    contentType: "application/x-www-form-urlencoded",
  });
  if (delivery.type !== "conversation") throw new Error(`expected a chat delivery, got ${delivery.type}`);
  return delivery;
}

describe("chat webhooks", () => {
  it("POSTs the documented delivery for a lead's message, which @dashly/webhooks parses and the spec accepts", async () => {
    const { receiver, sandbox } = await setup();
    const chat = sandbox.startChat("Alex");
    const part = sandbox.leadSays(chat.conversationId, "Hello, how are you");
    const delivery = await sandbox.waitForDelivery(
      (one) => one.partId === part.id && one.status === "delivered",
    );
    expect(delivery).toMatchObject({
      direction: "u2a",
      attempts: 1,
      responseStatus: 200,
      responseBody: '{"seen":1}',
      conversationId: chat.conversationId,
    });
    const [request] = receiver.received;
    expect(request?.headers["user-agent"]).toBe("Dashly Webhook 1.0");
    expect(request?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(request?.body);
    expect(form.get("type")).toBe("conversation");
    // 64-bit IDs travel as bare JSON numbers, every digit kept.
    expect(form.get("conversation")).toContain(`"conversation":${chat.conversationId}`);
    expect(form.get("conversation")).toContain(`"from":${chat.userId}`);
    expect(parsed(request?.body ?? "").part).toMatchObject({
      id: part.id,
      conversation: chat.conversationId,
      from: chat.userId,
      type: "reply_user",
      body: "Hello, how are you",
      direction: "u2a",
      conversation_closed: false,
      conversation_tags: [],
      random_id: 0,
    });
  });

  it("fires for the API's replies and for operators too (a2u), with the conversation's tags and assignee", async () => {
    const { receiver, sandbox } = await setup();
    const dashly = clientOf(sandbox);
    const chat = sandbox.startChat();
    sandbox.leadSays(chat.conversationId, "hi");
    const path = { id: chat.conversationId };
    await dashly.POST("/conversations/{id}/tag", { params: { path }, body: { tag: "vip" } });
    await dashly.POST("/conversations/{id}/assign", {
      params: { path },
      body: { admin: sandbox.ids.operatorId, from_admin: "default_admin" },
    });
    await dashly.POST("/conversations/{id}/reply", {
      params: { path },
      body: { body: "Bot here", from_admin: sandbox.ids.botId, random_id: 99 },
    });
    await dashly.POST("/conversations/{id}/reply", {
      params: { path },
      body: { body: "internal", type: "note" },
    });
    sandbox.operatorSays(chat.conversationId, "Operator here");
    await sandbox.waitForDelivery(
      (one) => one.payload.body === "Operator here" && one.status === "delivered",
    );
    await sandbox.waitForDelivery((one) => one.payload.body === "Bot here" && one.status === "delivered");
    const parts = receiver.received.map((request) => parsed(request.body).part);
    expect(parts.map((part) => [part.direction, part.type, part.body])).toEqual(
      expect.arrayContaining([
        ["u2a", "reply_user", "hi"],
        ["a2u", "reply_admin", "Bot here"],
        ["a2u", "reply_admin", "Operator here"],
      ]),
    );
    expect(parts).toHaveLength(3); // tags, assignment and notes are not chat messages
    const bot = parts.find((part) => part.body === "Bot here");
    expect(bot).toMatchObject({
      random_id: 99,
      conversation_tags: ["vip"],
      assignee: { id: sandbox.ids.operatorId },
      from: { id: sandbox.ids.botId, type: "bot" },
    });
  });

  it("retries a failing receiver with backoff and logs each attempt", async () => {
    const { receiver, sandbox } = await setup([500, 503, 200]);
    const chat = sandbox.startChat();
    sandbox.leadSays(chat.conversationId, "anyone?");
    const delivery = await sandbox.waitForDelivery((one) => one.status === "delivered");
    expect(delivery.attempts).toBe(3);
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((request) => request.body)).size).toBe(1);
  });

  it("gives up after the last attempt and says why in the log", async () => {
    const { sandbox } = await setup([500], { attempts: 2, delayMs: 10 });
    const chat = sandbox.startChat();
    sandbox.leadSays(chat.conversationId, "lost?");
    const delivery = await sandbox.waitForDelivery((one) => one.status === "failed");
    expect(delivery).toMatchObject({
      attempts: 2,
      responseStatus: 500,
      responseBody: '{"seen":2}',
      error: "the receiver answered 500",
    });
    const response = await sandbox.fetch(`${sandbox.url}/_sandbox/deliveries`);
    expect(await response.json()).toEqual([
      expect.objectContaining({ id: delivery.id, status: "failed", attempts: 2 }),
    ]);
  });

  it("a receiver that is not there fails with the connection error, never the token", async () => {
    const receiver = await startReceiver();
    await receiver.close();
    const sandbox = await testSandbox({
      webhookUrl: receiver.url,
      webhookToken: "wh-secret",
      webhookRetry: { attempts: 1 },
    });
    const chat = sandbox.startChat();
    sandbox.leadSays(chat.conversationId, "hello?");
    const delivery = await sandbox.waitForDelivery((one) => one.status === "failed");
    expect(delivery.error).toBe("ECONNREFUSED");
    expect(JSON.stringify(sandbox.deliveries())).not.toContain("wh-secret");
  });

  it("waitForDelivery rejects after its timeout, listing what it saw", async () => {
    const sandbox = await testSandbox();
    await expect(sandbox.waitForDelivery(() => true, { timeoutMs: 20 })).rejects.toThrow(
      "no matching delivery within 20 ms; deliveries: none",
    );
  });
});

describe("redelivery", () => {
  it("sends the same delivery again, and with another token a forged one the bot must refuse", async () => {
    const { receiver, sandbox } = await setup();
    const chat = sandbox.startChat();
    sandbox.leadSays(chat.conversationId, "once");
    const first = await sandbox.waitForDelivery((one) => one.status === "delivered");
    const again = sandbox.redeliver(first.id);
    expect(again).toMatchObject({ redeliveryOf: first.id, status: "pending", partId: first.partId });
    await sandbox.waitForDelivery((one) => one.id === again.id && one.status === "delivered");
    const forged = (await (
      await sandbox.fetch(`${sandbox.url}/_sandbox/deliveries/${first.id}/redeliver`, {
        method: "POST",
        body: JSON.stringify({ token: "forged" }),
      })
    ).json()) as { id: string };
    await sandbox.waitForDelivery((one) => one.id === forged.id && one.status === "delivered");
    const [original, duplicate, fake] = receiver.received.map((request) => request.body);
    expect(duplicate).toBe(original);
    expect(parsed(duplicate ?? "").part.id).toBe(first.partId);
    expect(() => parsed(fake ?? "")).toThrow(/token/);
    expect(
      (await sandbox.fetch(`${sandbox.url}/_sandbox/deliveries/999/redeliver`, { method: "POST" })).status,
    ).toBe(404);
  });
});
