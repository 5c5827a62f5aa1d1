import { faultKinds, type RunningFaultInjector } from "@dashly/mock";
import PQueue from "p-queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningBot } from "../src/bot.ts";
import { ConfigError, readConfig } from "../src/config.ts";
import { startApi, startBotInProcess } from "./support/api.ts";
import { deliver, leadMessage, replyRoute } from "./support/leads.ts";

// bot -> fault injector (20% of requests fail, every kind) -> Prism. What counts is what reached the API.
const webhookToken = "reliability-webhook-token";
const leads = 40; // under the bot's 60 requests a minute, retries included, so pacing never waits
let api: RunningFaultInjector;
let bot: RunningBot;

beforeAll(async () => {
  api = await startApi({ faultRate: 0.2, seed: 9, slowMs: 30_000 });
  bot = await startBotInProcess({
    DASHLY_TOKEN: "reliability-api-token",
    DASHLY_API_URL: api.url,
    DASHLY_WEBHOOK_TOKEN: webhookToken,
    DASHLY_TIMEOUT_MS: "6000", // a `slow` fault (30 s) times out; Prism answers within ~1 s even under load
  });
});
afterAll(async () => {
  await bot?.stop();
  await api?.stop();
});

describe("the bot's replies when the API fails 20% of the time", () => {
  it("answers every lead message exactly once: none lost, none duplicated", async () => {
    const started = performance.now();
    const conversations = Array.from({ length: leads }, (_, index) => String(8_800_000 + index));
    const deliveries = new PQueue({ concurrency: 8 });
    const acks = await Promise.all(
      conversations.map((conversation, index) =>
        deliveries.add(async () => {
          const response = await deliver(
            bot.url,
            leadMessage(webhookToken, conversation, String(9_100_000 + index)),
          );
          return [response.status, ((await response.json()) as { outcome?: string }).outcome];
        }),
      ),
    );
    expect(acks).toEqual(conversations.map(() => [200, "queued"]));
    await bot.replier.drain();
    const stats = api.stats();
    const seconds = (performance.now() - started) / 1000;

    // Exactly one reply reached the API for each lead message, and no request reached it twice.
    expect(
      conversations.map((conversation) => stats.forwardedByRoute[replyRoute(conversation)] ?? 0),
    ).toEqual(conversations.map(() => 1));
    expect(stats.duplicated).toEqual([]);
    expect(stats.forwarded).toBe(leads);
    // Seed 9 brings every kind of fault on these 40 replies (about ten faults in all), so "none lost" was earned.
    for (const kind of faultKinds) expect([kind, stats.faults[kind] > 0]).toEqual([kind, true]);
    // The bot counts a reply whose 200 answer came back cut as failed: it cannot know the part's ID. The API
    // did post it (counted above), and it is right not to send it again.
    expect(bot.replier.stats).toEqual({
      sent: leads - stats.faults.truncated,
      failed: stats.faults.truncated,
      waiting: 0,
    });

    console.info(
      `bot reliability: ${JSON.stringify({ leads, attempts: stats.seen, faults: stats.faults, seconds: Number(seconds.toFixed(1)) })}`,
    );
  });

  it("reads its reply timeout from DASHLY_TIMEOUT_MS, 30 s unless told, and refuses a bad one", () => {
    const tokens = { DASHLY_TOKEN: "api", DASHLY_WEBHOOK_TOKEN: "hook" };
    expect(readConfig(tokens).timeoutMs).toBe(30_000);
    expect(readConfig({ ...tokens, DASHLY_TIMEOUT_MS: "1500" }).timeoutMs).toBe(1_500);
    expect(() => readConfig({ ...tokens, DASHLY_TIMEOUT_MS: "soon" })).toThrow(ConfigError);
    expect(() => readConfig({ ...tokens, DASHLY_TIMEOUT_MS: "0" })).toThrow(
      'DASHLY_TIMEOUT_MS must be a whole number of milliseconds, got "0"',
    );
  });
});
