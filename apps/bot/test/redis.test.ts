import { randomUUID } from "node:crypto";
import { type RunningFaultInjector, startFaultInjector } from "@dashly/mock";
import { type RedisServer, skipWithoutRedisServer, startRedisServer } from "@dashly/redis/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type BotProcess, spawnBot } from "../scripts/bot-process.ts";
import { refusedConversation, startConversationsApi } from "./support/conversations-api.ts";
import { deliver, leadMessage, replyRoute } from "./support/leads.ts";

const webhookToken = "redis-webhook-token";

// Bot instances as their own processes on one real redis-server (REDIS_URL), replying to a stateful stand-in
// of the conversations API (the mock cannot tell a redelivered job that its reply is there) behind a fault
// injector that counts what reaches it.
describe.skipIf(skipWithoutRedisServer())("the bot on Redis", () => {
  let redis: RedisServer;
  let conversationsApi: Awaited<ReturnType<typeof startConversationsApi>>;
  let api: RunningFaultInjector;
  let bots: BotProcess[] = [];
  beforeAll(async () => {
    redis = await startRedisServer();
    conversationsApi = await startConversationsApi();
    api = await startFaultInjector({ faultRate: 0, upstream: conversationsApi.url });
  });
  afterAll(async () => {
    await api?.stop();
    await conversationsApi?.stop();
    await redis?.stop();
  });
  afterEach(async () => {
    await Promise.all(bots.map((bot) => bot.stop().catch(() => null)));
    bots = [];
  });

  /** Instances sharing one token (so one rate-limit budget) and one Redis. */
  async function startBots(count: number): Promise<BotProcess[]> {
    const env = {
      DASHLY_TOKEN: `redis-api-${randomUUID()}`,
      DASHLY_API_URL: api.url,
      DASHLY_WEBHOOK_TOKEN: webhookToken,
      REDIS_URL: redis.url,
      BOT_JOB_LOCK_MS: "1000",
      DASHLY_TIMEOUT_MS: "5000",
    };
    bots = await Promise.all(Array.from({ length: count }, () => spawnBot(env)));
    return bots;
  }

  const replies = (conversation: string) => api.stats().forwardedByRoute[replyRoute(conversation)] ?? 0;

  async function until(condition: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 25_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Delivers until an instance answers 2xx, moving on to the next after anything else, as Dashly would. */
  async function deliverUntilAcknowledged(urls: string[], first: number, conversation: string, part: string) {
    for (let attempt = 0; ; attempt++) {
      const url = urls[(first + attempt) % urls.length] as string;
      const status = await deliver(url, leadMessage(webhookToken, conversation, part)).then(
        async (response) => {
          await response.arrayBuffer();
          return response.status;
        },
        () => 0,
      );
      if (status >= 200 && status < 300) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it("answers the same delivery sent to two instances at once exactly once", async () => {
    const [first, second] = (await startBots(2)) as [BotProcess, BotProcess];
    const delivery = leadMessage(webhookToken, "71000001", "1160406004324630614");
    const answers = await Promise.all([deliver(first.url, delivery), deliver(second.url, delivery)]);
    const outcomes = await Promise.all(
      answers.map(async (answer) => [answer.status, ((await answer.json()) as { outcome: string }).outcome]),
    );
    expect(outcomes.sort()).toEqual([
      [200, "duplicate"],
      [200, "queued"],
    ]);
    await until(() => replies("71000001") > 0, "the reply");
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(replies("71000001")).toBe(1);
  });

  it("3 instances under load, kill -9 of one mid-run: every acknowledged question gets exactly one reply", async () => {
    const instances = await startBots(3);
    const urls = instances.map((bot) => bot.url);
    // Fewer than the token's 60 a minute, shared by the instances through Redis: no test waits on pacing.
    const conversations = Array.from({ length: 45 }, (_, index) => String(72_000_000 + index));
    let acknowledged = 0;
    let next = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let index = next++; index < conversations.length; index = next++) {
          const conversation = conversations[index] as string;
          const part = String(9_100_000_000_000_000_000n + BigInt(index));
          await deliverUntilAcknowledged(urls, index, conversation, part);
          await deliverUntilAcknowledged(urls, index + 1, conversation, part); // Dashly's retry, elsewhere
          if (++acknowledged === 15) {
            process.kill(instances[0]?.pid as number, "SIGKILL");
            bots = instances.slice(1);
          }
        }
      }),
    );
    await until(() => conversations.every((conversation) => replies(conversation) > 0), "every reply");
    // A job the killed instance held runs again once its lock (1 s) runs out: let any second reply show.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const counts = conversations.map(replies);
    expect(counts.filter((count) => count !== 1)).toEqual([]);
  });

  it("loses no acknowledged reply through kill -9 of redis-server and a restart", async () => {
    const [bot] = (await startBots(1)) as [BotProcess];
    const conversations = Array.from({ length: 10 }, (_, index) => String(73_000_000 + index));
    for (const [index, conversation] of conversations.entries()) {
      const response = await deliver(bot.url, leadMessage(webhookToken, conversation, String(7_300 + index)));
      expect(response.status).toBe(200);
    }
    await redis.crash();
    await redis.restart();
    await until(() => conversations.every((conversation) => replies(conversation) > 0), "every reply");
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(conversations.map(replies)).toEqual(conversations.map(() => 1));
  });

  it("dead-letters a reply the API refuses, without retrying it, and /healthz says so", async () => {
    const [bot] = (await startBots(1)) as [BotProcess];
    const response = await deliver(bot.url, leadMessage(webhookToken, refusedConversation, "7500"));
    expect(response.status).toBe(200);
    let health: { deadLettered?: number } = {};
    for (let tries = 0; tries < 100 && !health.deadLettered; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      health = (await (await fetch(`${bot.url}/healthz`)).json()) as { deadLettered?: number };
    }
    expect(health).toMatchObject({
      status: "degraded",
      deadLettered: 1,
      lastFailure: { conversation: refusedConversation, part: "7500" },
    });
    expect(replies(refusedConversation)).toBe(1); // tried once: a 400 will not change
  });

  it("answers 503, never 200, while Redis is down, and says so in /healthz", async () => {
    const [bot] = (await startBots(1)) as [BotProcess];
    await redis.crash();
    try {
      const answers = await Promise.all(
        [1, 2, 3].map((index) =>
          deliver(bot.url, leadMessage(webhookToken, "74000001", String(7_400 + index))),
        ),
      );
      expect(answers.map((answer) => [answer.status, answer.headers.get("retry-after")])).toEqual([
        [503, "5"],
        [503, "5"],
        [503, "5"],
      ]);
      const health = await (await fetch(`${bot.url}/healthz`)).json();
      expect(health).toMatchObject({ status: "degraded", redis: "unavailable" });
    } finally {
      await redis.restart();
    }
    // Back once the bot has reconnected (BullMQ retries every second or so).
    let health: { redis?: string } = {};
    for (let tries = 0; tries < 100 && health.redis !== "ok"; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      health = (await (await fetch(`${bot.url}/healthz`)).json()) as { redis?: string };
    }
    expect(health).toMatchObject({ redis: "ok" });
  });
});
