import { createDashlyClient } from "@dashly/client";
import type { RunningFaultInjector } from "@dashly/mock";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningBot } from "../src/bot.ts";
import { Replier } from "../src/replier.ts";
import { startApi, startBotInProcess } from "./support/api.ts";
import { deliver, leadMessage } from "./support/leads.ts";

const webhookToken = "health-webhook-token";
const apiToken = "health-api-token-0c41";
let api: RunningFaultInjector;
let bot: RunningBot;

beforeAll(async () => {
  // Every request to the API fails: a reply is tried, retried, and given up.
  api = await startApi({ faultRate: 1, faults: ["server-error"] });
  bot = await startBotInProcess({
    DASHLY_TOKEN: apiToken,
    DASHLY_API_URL: api.url,
    DASHLY_WEBHOOK_TOKEN: webhookToken,
  });
});
afterAll(async () => {
  await bot?.stop();
  await api?.stop();
});

describe("the bot's health", () => {
  it("turns degraded when a reply failed for good, and says which and why, without a token", async () => {
    const before = Date.now();
    const response = await deliver(bot.url, leadMessage(webhookToken, "6100001", "6200001"));
    expect(await response.json()).toEqual({ outcome: "queued" });
    await bot.replier.drain();

    const health = await fetch(`${bot.url}/healthz`);
    const text = await health.text();
    expect(health.status).toBe(200); // still taking deliveries: a restart would not bring the reply back
    const body = JSON.parse(text);
    expect(body).toMatchObject({
      status: "degraded",
      replies: { sent: 0, failed: 1, waiting: 0 },
      lastFailure: { conversation: "6100001", part: "6200001" },
    });
    expect(body.lastFailure.reason).toMatch(/^Dashly\w*Error: /);
    expect(Date.parse(body.lastFailure.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(api.stats().seen).toBe(4); // the first attempt and three retries
    expect(text).not.toContain(apiToken);
    expect(text).not.toContain(webhookToken);
  });

  it("is ok again once no reply has failed for a while, and still names the last failure", async () => {
    let now = Date.parse("2026-12-03T09:00:00Z");
    const failing = createDashlyClient({
      token: "t",
      baseUrl: "http://127.0.0.1:9/v1",
      retry: false,
      fetch: async () =>
        Response.json(
          { meta: { status: 500, error: "Error500", error_message: "down" }, data: {} },
          { status: 500 },
        ),
    });
    const replier = new Replier({
      client: failing,
      logger: pino({ level: "silent" }),
      fromAdmin: "default_admin",
      degradedForMs: 60_000,
      now: () => now,
    });
    expect(replier.health()).toEqual({ status: "ok", replies: { sent: 0, failed: 0, waiting: 0 } });
    replier.enqueue({ conversationId: "1", partId: "2", answer: "Hi", rule: "hello" });
    await replier.drain();
    const lastFailure = { at: "2026-12-03T09:00:00.000Z", conversation: "1", part: "2" };
    expect(replier.health()).toMatchObject({ status: "degraded", replies: { failed: 1 }, lastFailure });
    now += 59_999;
    expect(replier.health().status).toBe("degraded");
    now += 1;
    expect(replier.health()).toMatchObject({ status: "ok", replies: { failed: 1 }, lastFailure });
  });
});
