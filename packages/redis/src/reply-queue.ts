/**
 * A durable, deduplicated work queue on BullMQ for what a webhook receiver must not lose: a job is stored
 * in Redis (append-only) before `enqueue` resolves, so the receiver acknowledges only what survives a crash
 * of any process; the same delivery enqueued by two instances at once, or again within `dedupeTtlMs`, makes
 * one job. Jobs are retried with exponential backoff; those that fail every attempt stay in BullMQ's failed
 * set (the dead letters), counted by `deadLetters()`.
 */
import { randomUUID } from "node:crypto";
import { type RedisOptions as BullRedisOptions, type Job, Queue, UnrecoverableError, Worker } from "bullmq";
import type { RedisOptions } from "ioredis";
import { describeFailure, NotRetryableError, RedisUnavailableError } from "./errors.ts";
import { withTimeLimit } from "./time-limit.ts";

export interface ReplyJobInfo {
  /** BullMQ's job id (unique per enqueue that was not a duplicate). */
  id: string;
  /** 1 for the first try. */
  attempt: number;
  /**
   * True when this job was started before and did not finish: a retry after a failure, or a job whose
   * worker died (its lock ran out). It may have done its work already: check before doing it again.
   */
  redelivered: boolean;
}

export interface ReplyQueueOptions<T> {
  /** `redis://...` or ioredis options; the queue opens its own connections. */
  connection: string | RedisOptions;
  /** BullMQ queue name (no `:`); every instance that shares the work uses the same. */
  name: string;
  /** Does one job; throwing fails the attempt (retried, then dead-lettered; `NotRetryableError`: at once). */
  handler: (data: T, info: ReplyJobInfo) => Promise<void>;
  /** Jobs run at once in this process; default 4. */
  concurrency?: number;
  /** Tries per job; default 5. */
  attempts?: number;
  /** First retry delay, doubled for each next one (with jitter); default 1,000 ms. */
  backoffMs?: number;
  /** How long an enqueued id stays a duplicate, even after its job is done and gone; default 24 h. */
  dedupeTtlMs?: number;
  /** How long `enqueue` waits for Redis before it rejects; default 2,000 ms. */
  enqueueTimeoutMs?: number;
  /**
   * How long a worker's claim on a job lasts without renewal: a job whose worker died runs again after
   * about this long (BullMQ's stalled-job check runs as often); default 30,000 ms.
   */
  lockMs?: number;
  /** Told when a job failed its last attempt (log it). */
  onDeadLetter?: (data: T, error: Error, info: ReplyJobInfo) => void;
  /** Told of connection and worker errors (log them); the queue keeps going. */
  onError?: (error: Error) => void;
}

export type EnqueueOutcome = "queued" | "duplicate";

/** The jobs that failed every attempt, kept in Redis for every instance to see. */
export interface DeadLetters<T> {
  count: number;
  /** The one that failed last. */
  latest?: { data: T; failedAt: Date; reason: string };
}

export interface ReplyQueue<T> {
  /**
   * Stores a job for `data` unless `dedupeId` was enqueued within the dedupe TTL, in one atomic step.
   * Resolves once Redis has it; rejects with `RedisUnavailableError` when Redis cannot take it in time
   * (answer the webhook with a 503: Dashly delivers it again).
   */
  enqueue(dedupeId: string, data: T): Promise<EnqueueOutcome>;
  /** Jobs that failed every attempt and are kept for inspection (rejects with `RedisUnavailableError`). */
  deadLetters(): Promise<DeadLetters<T>>;
  /** Jobs waiting, delayed for a retry, or running. */
  pending(): Promise<number>;
  /**
   * Stops taking jobs and waits for running ones, for at most `timeoutMs` (default 10,000 ms), even while
   * Redis is down; then drops the connections. A job cut short runs again on another instance.
   */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

export function createReplyQueue<T>(options: ReplyQueueOptions<T>): ReplyQueue<T> {
  const {
    name,
    handler,
    concurrency = 4,
    attempts = 5,
    backoffMs = 1_000,
    dedupeTtlMs = 24 * 60 * 60 * 1000,
    enqueueTimeoutMs = 2_000,
    lockMs = 30_000,
  } = options;
  if (name === "" || name.includes(":")) throw new TypeError("the queue name must be non-empty, without ':'");
  const onError = options.onError ?? (() => {});
  const { connection } = options;
  // BullMQ opens (and so can always drop) its own connections from these options.
  const connect = (extra: BullRedisOptions): BullRedisOptions =>
    typeof connection === "string"
      ? { url: connection, ...extra }
      : ({ ...connection, ...extra } as BullRedisOptions);

  // Enqueue fails fast while Redis is down (the webhook answers 503) instead of queueing in memory.
  const queue = new Queue(name, {
    connection: connect({ enableOfflineQueue: false, maxRetriesPerRequest: 1 }),
  });
  queue.on("error", onError);
  const worker = new Worker(
    name,
    async (job: Job) => {
      try {
        await handler(job.data as T, infoOf(job));
      } catch (error) {
        // BullMQ's way to skip the remaining tries.
        if (error instanceof NotRetryableError) throw new UnrecoverableError(error.message);
        throw error;
      }
    },
    {
      // Workers wait for Redis to come back, as BullMQ requires.
      connection: connect({ maxRetriesPerRequest: null }),
      concurrency,
      lockDuration: lockMs,
      stalledInterval: lockMs,
      // BullMQ fails a job that stalls more than this, skipping its retries: allow as many as its attempts.
      maxStalledCount: attempts,
    },
  );
  worker.on("error", onError);
  worker.on("failed", (job, error) => {
    const lastTry =
      job !== undefined && (job.attemptsMade >= attempts || error instanceof UnrecoverableError);
    if (lastTry) options.onDeadLetter?.(job.data as T, error, infoOf(job));
  });

  const timedOut = (operation: string, ms: number) => () =>
    new RedisUnavailableError(operation, `no answer within ${ms} ms`);

  return {
    async enqueue(dedupeId, data) {
      if (typeof dedupeId !== "string" || dedupeId === "")
        throw new TypeError("the dedupe id must be a non-empty string");
      const jobId = randomUUID();
      try {
        const job = await withTimeLimit(
          queue.add("reply", data, {
            jobId,
            deduplication: { id: dedupeId, ttl: dedupeTtlMs },
            attempts,
            backoff: { type: "exponential", delay: backoffMs, jitter: 0.5 },
            removeOnComplete: true,
            removeOnFail: false,
          }),
          enqueueTimeoutMs,
          timedOut("reply enqueue", enqueueTimeoutMs),
        );
        // BullMQ answers a duplicate with the id of the job that took the dedupe id first.
        return job.id === jobId ? "queued" : "duplicate";
      } catch (error) {
        if (error instanceof RedisUnavailableError) throw error;
        throw new RedisUnavailableError("reply enqueue", describeFailure(error), { cause: error });
      }
    },
    async deadLetters() {
      const read = Promise.all([queue.getFailedCount(), queue.getFailed(0, 0)]);
      const [count, [latest]] = await withTimeLimit(
        read,
        enqueueTimeoutMs,
        timedOut("reply count", enqueueTimeoutMs),
      );
      if (latest === undefined) return { count };
      const failedAt = new Date(latest.finishedOn ?? latest.timestamp);
      return { count, latest: { data: latest.data as T, failedAt, reason: latest.failedReason } };
    },
    async pending() {
      const counts = await withTimeLimit(
        queue.getJobCounts("waiting", "delayed", "active", "prioritized"),
        enqueueTimeoutMs,
        timedOut("reply count", enqueueTimeoutMs),
      );
      return Object.values(counts).reduce((sum, count) => sum + count, 0);
    },
    async close({ timeoutMs = 10_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      const within = (work: Promise<unknown>) =>
        withTimeLimit(work, Math.max(1, deadline - Date.now()), timedOut("reply queue close", timeoutMs));
      // Take no new job and let the running ones finish (this needs Redis only to record them as done)...
      await within(worker.pause()).catch(() => {});
      // ...then close without waiting again: BullMQ's graceful close would QUIT, which waits forever while
      // Redis is down. A job cut short is redelivered once its lock runs out.
      await within(Promise.allSettled([worker.close(true), queue.close()])).catch(() => {});
      // Drops whatever connection is left reconnecting (the worker's blocking one, while Redis is down).
      await within(Promise.allSettled([worker.disconnect(), queue.disconnect()])).catch(() => {});
    },
  };
}

function infoOf(job: Job): ReplyJobInfo {
  return { id: String(job.id), attempt: job.attemptsMade + 1, redelivered: job.attemptsStarted > 1 };
}
