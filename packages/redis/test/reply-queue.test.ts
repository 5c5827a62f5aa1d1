import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import {
  createReplyQueue,
  NotRetryableError,
  RedisUnavailableError,
  type ReplyJobInfo,
  type ReplyQueue,
} from "../src/index.ts";
import { skipWithoutRedisServer } from "../src/testing.ts";
import { sleep, useRedisServer } from "./support/redis.ts";

type Handled = { data: string; info: ReplyJobInfo };

describe.skipIf(skipWithoutRedisServer())("createReplyQueue", () => {
  const redis = useRedisServer();
  const open: ReplyQueue<string>[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((queue) => queue.close({ timeoutMs: 2_000 })));
  });

  function instance(
    name: string,
    handled: Handled[],
    extra: Partial<Parameters<typeof createReplyQueue<string>>[0]> = {},
  ): ReplyQueue<string> {
    const queue = createReplyQueue<string>({
      connection: redis.server().url,
      name,
      handler: async (data, info) => {
        handled.push({ data, info });
      },
      backoffMs: 50,
      lockMs: 1_000,
      ...extra,
    });
    open.push(queue);
    return queue;
  }

  async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
      await sleep(25);
    }
  }

  it("makes one job of the same delivery enqueued by two instances at once", async () => {
    const name = `replies-${randomUUID()}`;
    const handled: Handled[] = [];
    const [first, second] = [instance(name, handled), instance(name, handled)];
    const outcomes = await Promise.all([first.enqueue("part-1", "hello"), second.enqueue("part-1", "hello")]);
    expect(outcomes.sort()).toEqual(["duplicate", "queued"]);
    await until(async () => (await first.pending()) === 0 && handled.length > 0, "the job to run");
    await sleep(200);
    expect(handled.map((one) => one.data)).toEqual(["hello"]);
  });

  it("still calls it a duplicate after its job is done and gone, until the TTL ends", async () => {
    const handled: Handled[] = [];
    const queue = instance(`replies-${randomUUID()}`, handled, { dedupeTtlMs: 1_000 });
    expect(await queue.enqueue("part-2", "first")).toBe("queued");
    await until(() => handled.length === 1, "the job to run");
    await until(async () => (await queue.pending()) === 0, "the job to be removed");
    expect(await queue.enqueue("part-2", "again")).toBe("duplicate");
    await sleep(1_100);
    expect(await queue.enqueue("part-2", "after the TTL")).toBe("queued");
    await until(() => handled.length === 2, "the second job to run");
    expect(handled.map((one) => one.data)).toEqual(["first", "after the TTL"]);
  });

  it("retries with backoff, then keeps the job as a dead letter and says so", async () => {
    const tries: ReplyJobInfo[] = [];
    const dead: string[] = [];
    const queue = instance(`replies-${randomUUID()}`, [], {
      attempts: 3,
      handler: async (_data, info) => {
        tries.push(info);
        throw new Error("the API refused it");
      },
      onDeadLetter: (data, error) => dead.push(`${data}: ${error.message}`),
    });
    await queue.enqueue("part-3", "doomed");
    await until(async () => (await queue.deadLetters()).count === 1, "the dead letter");
    expect((await queue.deadLetters()).latest).toMatchObject({
      data: "doomed",
      reason: "the API refused it",
    });
    expect(tries.map((info) => [info.attempt, info.redelivered])).toEqual([
      [1, false],
      [2, true],
      [3, true],
    ]);
    expect(dead).toEqual(["doomed: the API refused it"]);
  });

  it("dead-letters at once a job whose handler says trying again cannot help", async () => {
    const tries: number[] = [];
    const dead: string[] = [];
    const queue = instance(`replies-${randomUUID()}`, [], {
      attempts: 5,
      handler: async (_data, info) => {
        tries.push(info.attempt);
        throw new NotRetryableError("the API refused the reply as invalid");
      },
      onDeadLetter: (data, error) => dead.push(`${data}: ${error.message}`),
    });
    await queue.enqueue("part-6", "invalid");
    await until(async () => (await queue.deadLetters()).count === 1, "the dead letter");
    expect(tries).toEqual([1]);
    expect(dead).toEqual(["invalid: the API refused the reply as invalid"]);
  });

  it("loses no acknowledged job through kill -9 of redis-server and a restart", async () => {
    const handled: Handled[] = [];
    // No job may finish before the crash: every one of them must come through it.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const queue = instance(`replies-${randomUUID()}`, handled, {
      handler: async (data, info) => {
        await gate;
        handled.push({ data, info });
      },
    });
    const ids = Array.from({ length: 100 }, (_, index) => `part-${index}`);
    for (const id of ids) expect(await queue.enqueue(id, id)).toBe("queued");
    await redis.server().crash();
    await redis.server().restart();
    open();
    await until(() => new Set(handled.map((one) => one.data)).size === ids.length, "every job to run");
    // A job that was running through the crash may run again, and then says it is redelivered.
    const seen = new Set<string>();
    for (const { data, info } of handled) {
      if (seen.has(data)) expect(info.redelivered).toBe(true);
      seen.add(data);
    }
  });

  it("refuses to enqueue while Redis is down, and closes within its time limit", async () => {
    const queue = instance(`replies-${randomUUID()}`, []);
    expect(await queue.enqueue("part-4", "before")).toBe("queued");
    await redis.server().crash();
    try {
      const refusal = await queue.enqueue("part-5", "during").catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(RedisUnavailableError);
      expect((refusal as Error).message).toMatch(/^Redis reply enqueue failed: /);
      const started = Date.now();
      await open.splice(open.indexOf(queue), 1)[0]?.close({ timeoutMs: 500 });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await redis.server().restart();
    }
  });
});
