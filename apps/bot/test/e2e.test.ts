import { type RunningFaultInjector, type RunningMock, startFaultInjector, startMock } from "@dashly/mock";
import { buildChatDelivery } from "@dashly/webhooks/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningBot, startBot } from "../src/bot.ts";
import { readConfig } from "../src/config.ts";
import { spawnBot } from "../src/dev/bot-process.ts";
import { scriptedConversation } from "../src/dev/script.ts";

const webhookToken = "e2e-webhook-token";
let mock: RunningMock;
let api: RunningFaultInjector;
let bot: RunningBot;

beforeAll(async () => {
  mock = await startMock();
  api = await startFaultInjector({ upstream: mock.url, faultRate: 0 });
  bot = await startBot(
    readConfig({
      PORT: "0",
      DASHLY_TOKEN: "e2e-api-token",
      DASHLY_API_URL: api.url,
      DASHLY_WEBHOOK_TOKEN: webhookToken,
      LOG_LEVEL: "silent",
    }),
  );
});
afterAll(async () => {
  await bot?.stop();
  await api?.stop();
  await mock?.stop();
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

  it("refuses other content types and says it is healthy", async () => {
    const json = await fetch(`${bot.url}/webhooks/dashly`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(json.status).toBe(415);
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe("ok");
  });
});

describe("the bot as its own process", () => {
  it("on SIGTERM stops taking deliveries, sends the replies already queued, and exits 0", async () => {
    // Replies still under way at SIGTERM.
    const proxy = await startFaultInjector({ upstream: mock.url, faultRate: 0, latencyMs: 400 });
    const process = await spawnBot({
      DASHLY_TOKEN: "drain-token",
      DASHLY_API_URL: proxy.url,
      DASHLY_WEBHOOK_TOKEN: webhookToken,
    });
    const lead = (id: string) =>
      buildChatDelivery(
        {
          direction: "u2a",
          type: "reply_user",
          id,
          body: "Hello, how are you",
          conversation: "64558819",
          created: 1492604036,
          from: "85648207",
        },
        { token: webhookToken },
      );
    const acks = await Promise.all(
      ["501", "502", "503", "504", "505"].map((id) => {
        const delivery = lead(id);
        return fetch(`${process.url}/webhooks/dashly`, {
          method: "POST",
          headers: delivery.headers,
          body: delivery.body,
        });
      }),
    );
    expect(acks.map((ack) => ack.status)).toEqual([200, 200, 200, 200, 200]);
    expect(proxy.forwarded()).toHaveLength(0);
    expect(await process.stop()).toBe(0);
    expect(proxy.forwarded().filter((request) => request.path.endsWith("/reply"))).toHaveLength(5);
    const logs = JSON.stringify(process.logs);
    expect(process.logs.filter((entry) => entry.msg === "reply sent")).toHaveLength(5);
    expect(logs).not.toContain("drain-token");
    expect(logs).not.toContain(webhookToken);
    await expect(fetch(`${process.url}/healthz`)).rejects.toThrow();
    await proxy.stop();
  });
});
