import type { RunningFaultInjector } from "@dashly/mock";
import { buildChatDelivery, docsChatPart } from "@dashly/webhooks/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnBot } from "../scripts/bot-process.ts";
import { scriptedConversation } from "../scripts/conversation.ts";
import type { RunningBot } from "../src/bot.ts";
import { startApi, startBotInProcess } from "./support/api.ts";
import { startGate } from "./support/gate.ts";

const webhookToken = "e2e-webhook-token";
let api: RunningFaultInjector;
let bot: RunningBot;

beforeAll(async () => {
  api = await startApi();
  bot = await startBotInProcess({
    DASHLY_TOKEN: "e2e-api-token",
    DASHLY_API_URL: api.url,
    DASHLY_WEBHOOK_TOKEN: webhookToken,
  });
});
afterAll(async () => {
  await bot?.stop();
  await api?.stop();
});

const deliver = (body: string, headers: Record<string, string>) =>
  fetch(`${bot.url}/webhooks/dashly`, { method: "POST", headers, body });

describe("the bot, end to end against the mock", () => {
  it("answers each lead question once, nothing else, with replies the mock accepts", async () => {
    const steps = scriptedConversation(webhookToken);
    for (const step of steps) {
      const response = await deliver(step.body, step.headers);
      const answer = (await response.json()) as { outcome?: string; error?: string; message?: string };
      expect([step.label, response.status]).toEqual([step.label, step.expectedStatus]);
      if (step.expectedOutcome)
        expect([step.label, answer.outcome]).toEqual([step.label, step.expectedOutcome]);
      if (step.expectedStatus === 401) expect(answer.error).toBe("wrong_token");
      if (step.expectedStatus === 400) expect(answer.message).toMatch(/conversation/);
    }
    await bot.replier.drain();
    const replies = api.forwarded().filter((request) => request.path.endsWith("/reply"));
    expect(replies.map((reply) => [reply.path, reply.form.body, reply.status, reply.violations])).toEqual([
      ["/conversations/64558819/reply", "Hey, great!", 200, []],
      [
        "/conversations/64558819/reply",
        "Our plans start at 29 € a month - see https://example.com/pricing.",
        200,
        [],
      ],
    ]);
    for (const reply of replies) {
      expect(reply.form.from_admin).toBe("default_admin");
      expect(Number(reply.form.random_id)).toBeGreaterThan(0);
    }
    expect(api.forwarded()).toHaveLength(2); // nothing else reached the API
  });

  it("says it is healthy while every reply went out", async () => {
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", replies: { sent: 2, failed: 0, waiting: 0 } });
  });
});

describe("the bot as its own process", () => {
  it("on SIGTERM stops taking deliveries, sends the replies already queued, and exits 0", async () => {
    // Replies are held at a gate until the bot has taken the SIGTERM: they are under way when it comes.
    const counter = await startApi();
    const gate = await startGate(counter.url);
    const process = await spawnBot({
      DASHLY_TOKEN: "drain-token",
      DASHLY_API_URL: gate.url,
      DASHLY_WEBHOOK_TOKEN: webhookToken,
    });
    const acks = await Promise.all(
      ["501", "502", "503", "504", "505"].map((id) => {
        const delivery = buildChatDelivery(docsChatPart({ id, body: "Hello, how are you" }), {
          token: webhookToken,
        });
        return fetch(`${process.url}/webhooks/dashly`, {
          method: "POST",
          headers: delivery.headers,
          body: delivery.body,
        });
      }),
    );
    expect(acks.map((ack) => ack.status)).toEqual([200, 200, 200, 200, 200]);
    await gate.arrived(1);
    const exited = process.stop();
    expect(await process.logged("bot stopping")).toMatchObject({ replies: { sent: 0, waiting: 5 } });
    expect(counter.forwarded()).toHaveLength(0);
    gate.open();
    expect(await exited).toBe(0);
    expect(counter.forwarded().filter((request) => request.path.endsWith("/reply"))).toHaveLength(5);
    const logs = JSON.stringify(process.logs);
    expect(process.logs.filter((entry) => entry.msg === "reply sent")).toHaveLength(5);
    expect(logs).not.toContain("drain-token");
    expect(logs).not.toContain(webhookToken);
    await expect(fetch(`${process.url}/healthz`)).rejects.toThrow();
    await gate.stop();
    await counter.stop();
  });
});
