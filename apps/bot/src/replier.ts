import { randomInt } from "node:crypto";
import type { DashlyClient } from "@dashly/client";
import { LRUCache } from "lru-cache";
import PQueue from "p-queue";
import type { Logger } from "pino";

export interface ReplyJob {
  conversationId: string;
  partId: string;
  answer: string;
  rule: string;
}

export interface ReplierOptions {
  client: DashlyClient;
  logger: Logger;
  /** Who the replies come from: an admin ID or `default_admin`. */
  fromAdmin: string;
  /** Replies waiting at most; beyond, deliveries are refused with 503 so that Dashly sends them again later. */
  maxQueued?: number;
  /** Parts remembered to recognise a delivery sent twice. */
  rememberParts?: number;
  /** How long after a reply failed for good the health stays `degraded`. Default 15 minutes. */
  degradedForMs?: number;
  /** The clock, in ms since the epoch (for tests). */
  now?: () => number;
}

export type Enqueued = "queued" | "duplicate" | "full";

/** A reply given up after every attempt failed: the lead is still waiting for an answer. */
export interface FailedReply {
  /** When it was given up, ISO 8601. */
  at: string;
  conversation: string;
  part: string;
  /** The client error's class and message (which never carry the token). */
  reason: string;
}

/** What `GET /healthz` answers. */
export interface Health {
  /** `degraded` while a reply failed for good in the last `degradedForMs`; `ok` otherwise. */
  status: "ok" | "degraded";
  replies: { sent: number; failed: number; waiting: number };
  /** The latest reply given up since the bot started, if any. */
  lastFailure?: FailedReply;
}

/**
 * Sends the bot's replies in the background, so that a webhook is acknowledged at once. Each part is
 * answered at most once; the queue is bounded; `drain()` waits for the replies under way. A reply whose
 * every attempt failed is logged ("reply failed") and counted, and the health turns `degraded`: nothing
 * sends it later (see the README).
 */
export class Replier {
  readonly #options: ReplierOptions;
  readonly #queue = new PQueue({ concurrency: 4 });
  readonly #answered: LRUCache<string, true>;
  readonly #maxQueued: number;
  readonly #degradedForMs: number;
  readonly #now: () => number;
  #sent = 0;
  #failed = 0;
  #lastFailure: { atMs: number; reply: FailedReply } | undefined;

  constructor(options: ReplierOptions) {
    this.#options = options;
    this.#maxQueued = options.maxQueued ?? 1_000;
    this.#answered = new LRUCache({ max: options.rememberParts ?? 100_000 });
    this.#degradedForMs = options.degradedForMs ?? 15 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  enqueue(job: ReplyJob): Enqueued {
    if (this.#answered.has(job.partId)) return "duplicate";
    if (this.#queue.size + this.#queue.pending >= this.#maxQueued) return "full";
    this.#answered.set(job.partId, true);
    void this.#queue.add(() => this.#send(job));
    return "queued";
  }

  async #send(job: ReplyJob): Promise<void> {
    const randomId = randomInt(1, 2 ** 31);
    const log = this.#options.logger.child({ conversation: job.conversationId, part: job.partId, randomId });
    try {
      const { data } = await this.#options.client.POST("/conversations/{id}/reply", {
        params: { path: { id: job.conversationId } },
        body: { body: job.answer, from_admin: this.#options.fromAdmin, random_id: randomId },
      });
      this.#sent += 1;
      log.info({ rule: job.rule, replyPart: data.id }, "reply sent");
    } catch (error) {
      this.#failed += 1;
      const atMs = this.#now();
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.#lastFailure = {
        atMs,
        reply: {
          at: new Date(atMs).toISOString(),
          conversation: job.conversationId,
          part: job.partId,
          reason,
        },
      };
      log.error({ err: error, rule: job.rule }, "reply failed");
    }
  }

  /** Resolves once every queued reply has been sent (or has failed). */
  drain(): Promise<void> {
    return this.#queue.onIdle();
  }

  get stats(): Health["replies"] {
    return { sent: this.#sent, failed: this.#failed, waiting: this.#queue.size + this.#queue.pending };
  }

  health(): Health {
    const failure = this.#lastFailure;
    const recent = failure !== undefined && this.#now() - failure.atMs < this.#degradedForMs;
    return {
      status: recent ? "degraded" : "ok",
      replies: this.stats,
      ...(failure && { lastFailure: failure.reply }),
    };
  }
}
