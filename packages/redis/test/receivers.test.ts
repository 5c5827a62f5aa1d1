import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { skipWithoutRedisServer } from "../src/testing.ts";
import { type ConversationsApi, startConversationsApi } from "./support/conversations-api.ts";
import { deliver, deliverUntilAcknowledged, type Receiver, startReceiver } from "./support/receivers.ts";
import { sleep, useRedisServer } from "./support/redis.ts";

// Webhook receivers as separate processes on one Redis, each acknowledging a delivery only once
// createReplyQueue has stored it, replying to a conversations API stand-in that counts the replies.
describe.skipIf(skipWithoutRedisServer())("webhook receivers on one Redis", () => {
  const redis = useRedisServer();
  let api: ConversationsApi | undefined;
  let receivers: Receiver[] = [];
  afterEach(async () => {
    await Promise.all(receivers.map((receiver) => receiver.crash()));
    receivers = [];
    await api?.stop();
  });

  async function start(count: number): Promise<Receiver[]> {
    api = await startConversationsApi();
    const settings = { redisUrl: redis.server().url, apiUrl: api.url, queue: `replies-${randomUUID()}` };
    receivers = await Promise.all(Array.from({ length: count }, () => startReceiver(settings)));
    return receivers;
  }

  async function until(condition: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
      await sleep(50);
    }
  }

  it("answers the same delivery sent to two instances at once exactly once", async () => {
    const [first, second] = (await start(2)) as [Receiver, Receiver];
    const question = { partId: "1160406004324630614", conversationId: "64558819" };
    const statuses = await Promise.all([deliver(first.url, question), deliver(second.url, question)]);
    expect(statuses).toEqual([200, 200]);
    await until(() => api?.replies().get("64558819") !== undefined, "the reply");
    await sleep(1_000);
    expect(api?.replies().get("64558819")).toBe(1);
  });

  it("3 instances under load, kill -9 of one mid-run: every acknowledged question gets exactly one reply", async () => {
    const instances = await start(3);
    const urls = instances.map((receiver) => receiver.url);
    const questions = Array.from({ length: 300 }, (_, index) => ({
      partId: String(9_000_000_000_000_000_000n + BigInt(index)),
      conversationId: String(1_000 + index),
    }));
    let acknowledged = 0;
    let next = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let index = next++; index < questions.length; index = next++) {
          const question = questions[index] as (typeof questions)[number];
          const by = await deliverUntilAcknowledged(urls, index, question);
          // Dashly delivers again when unsure: a duplicate to another instance.
          await deliverUntilAcknowledged(urls, urls.indexOf(by) + 1, question);
          if (++acknowledged === 100) await instances[0]?.crash();
        }
      }),
    );
    const replies = () => api?.replies() ?? new Map<string, number>();
    await until(() => replies().size === questions.length, "a reply to every question");
    // Jobs the killed instance held run again once their lock (1 s) runs out: give them time to show.
    await sleep(3_000);
    const counts = questions.map((question) => replies().get(question.conversationId) ?? 0);
    expect(counts.filter((count) => count !== 1)).toEqual([]);
  });

  it("answers 503, never 200, while Redis is down", async () => {
    const [receiver] = (await start(1)) as [Receiver];
    await redis.server().crash();
    try {
      const statuses = await Promise.all(
        [1, 2, 3].map((index) => deliver(receiver.url, { partId: `down-${index}`, conversationId: "7" })),
      );
      expect(statuses).toEqual([503, 503, 503]);
    } finally {
      await redis.server().restart();
    }
  });
});
