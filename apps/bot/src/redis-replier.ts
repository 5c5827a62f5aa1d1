import { randomInt } from "node:crypto";
import { DashlyApiError, type DashlyClient } from "@dashly/client";
import { createReplyQueue, NotRetryableError, RedisUnavailableError, type ReplyQueue } from "@dashly/redis";
import type { Logger } from "pino";
import type { Enqueued, Health, ReplyJob } from "./replier.ts";
import type { ReplySink } from "./reply-sink.ts";

export interface RedisReplierOptions {
  client: DashlyClient;
  logger: Logger;
  fromAdmin: string;
  redisUrl: string;
  /** Bounds a stop, like the in-process replier's drain. */
  stopTimeoutMs: number;
  /** How long a failed reply keeps the health `degraded`. Default 15 minutes. */
  degradedForMs?: number;
  /** How soon a job whose instance died runs again (`lockMs`), and the first retry's delay. */
  queue?: { lockMs?: number; backoffMs?: number };
}

/** A reply job as stored in Redis: the random_id travels with it, so every try of it sends the same one. */
type StoredReply = ReplyJob & { randomId: number };

/**
 * The bot's replies on Redis, shared by every instance: a delivery is acknowledged once its job is stored
 * (Redis' append-only file keeps it through a crash of any process), the same part delivered to two
 * instances makes one job, failed replies are retried with backoff and then dead-lettered, reported by
 * `/healthz` from Redis. A job that runs again (its instance died, or a try failed) first looks for its
 * reply among the conversation's newest parts, by its random_id, so that a reply sent is not sent twice.
 */
export class RedisReplier implements ReplySink {
  readonly #options: RedisReplierOptions;
  readonly #queue: ReplyQueue<StoredReply>;
  readonly #degradedForMs: number;
  #sent = 0;
  #failed = 0;
  #running = 0;

  constructor(options: RedisReplierOptions) {
    this.#options = options;
    this.#degradedForMs = options.degradedForMs ?? 15 * 60_000;
    this.#queue = createReplyQueue<StoredReply>({
      connection: options.redisUrl,
      name: "dashly-bot-replies",
      ...options.queue,
      handler: (job, info) => this.#send(job, info.redelivered),
      onDeadLetter: (job, error) => {
        this.#failed += 1;
        options.logger.error(
          { err: error, conversation: job.conversationId, part: job.partId, rule: job.rule },
          "reply failed",
        );
      },
      onError: (error) => options.logger.warn({ err: error }, "redis"),
    });
  }

  async enqueue(job: ReplyJob): Promise<Enqueued | "unavailable"> {
    try {
      return await this.#queue.enqueue(job.partId, { ...job, randomId: randomInt(1, 2 ** 31) });
    } catch (error) {
      if (!(error instanceof RedisUnavailableError)) throw error;
      this.#options.logger.warn({ err: error, part: job.partId }, "reply not stored");
      return "unavailable";
    }
  }

  async #send(job: StoredReply, redelivered: boolean): Promise<void> {
    const { client, fromAdmin, logger } = this.#options;
    const log = logger.child({ conversation: job.conversationId, part: job.partId, randomId: job.randomId });
    this.#running += 1;
    try {
      if (redelivered && (await this.#alreadySent(job))) {
        log.info({ rule: job.rule }, "reply already sent");
        return;
      }
      const { data } = await client
        .POST("/conversations/{id}/reply", {
          params: { path: { id: job.conversationId } },
          body: { body: job.answer, from_admin: fromAdmin, random_id: job.randomId },
        })
        .catch((error: unknown) => {
          // A 4xx other than 429 (a wrong token, a refused reply) will not change on a later try.
          const refused = error instanceof DashlyApiError && error.status < 500 && error.status !== 429;
          throw refused ? new NotRetryableError(`${error.name}: ${error.message}`) : error;
        });
      this.#sent += 1;
      log.info({ rule: job.rule, replyPart: data.id }, "reply sent");
    } finally {
      this.#running -= 1;
    }
  }

  /** Whether the conversation's newest parts hold this job's reply (Dashly echoes the random_id). */
  async #alreadySent(job: StoredReply): Promise<boolean> {
    const { data } = await this.#options.client.GET("/conversations/{id}/parts", {
      params: { path: { id: job.conversationId }, query: { count: 50 } },
    });
    return data.some((part) => Number(part.random_id) === job.randomId);
  }

  get stats(): Health["replies"] {
    return { sent: this.#sent, failed: this.#failed, waiting: this.#running };
  }

  async health(): Promise<Health & { deadLettered?: number; redis: "ok" | "unavailable" }> {
    try {
      const [dead, waiting] = await Promise.all([this.#queue.deadLetters(), this.#queue.pending()]);
      const latest = dead.latest;
      const recent = latest !== undefined && Date.now() - latest.failedAt.getTime() < this.#degradedForMs;
      return {
        status: recent ? "degraded" : "ok",
        replies: { sent: this.#sent, failed: this.#failed, waiting },
        deadLettered: dead.count,
        redis: "ok",
        ...(latest && {
          lastFailure: {
            at: latest.failedAt.toISOString(),
            conversation: latest.data.conversationId,
            part: latest.data.partId,
            reason: latest.reason,
          },
        }),
      };
    } catch (error) {
      if (!(error instanceof RedisUnavailableError)) throw error;
      return { status: "degraded", replies: this.stats, redis: "unavailable" };
    }
  }

  drain(): Promise<void> {
    return this.#queue.close({ timeoutMs: this.#options.stopTimeoutMs });
  }
}
