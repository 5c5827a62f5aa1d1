import { randomBytes } from "node:crypto";
import type { RateLimitStore, RateLimitTake, RateLimitTakeOptions } from "@dashly/client";
import { describeFailure, RedisUnavailableError } from "./errors.ts";
import type { RedisConnection } from "./lua-script.ts";
import { pauseScript, releaseScript, takeScript } from "./rate-limit-scripts.ts";
import { withTimeLimit } from "./time-limit.ts";

export interface RedisRateLimitStoreOptions {
  /** Prefix of the store's keys; default `dashly:rate-limit:`. Processes share a budget when they share it. */
  prefix?: string;
  /**
   * How long one Redis call may take before the store gives up and rejects with `RedisUnavailableError`
   * (the client then fails closed); default 2,000 ms. ioredis queues commands while it reconnects, so
   * without this a call could wait for as long as Redis is down.
   */
  timeoutMs?: number;
}

/**
 * `@dashly/client`'s rate-limit store on Redis: one budget per key for every process and machine that uses
 * the same Redis and prefix. An exact sliding log, in one Lua script per call, on Redis' clock: never more
 * than `limit` slots in any `windowMs`, with each slot counted from when it is taken until a window after
 * its release. Works with a Redis Cluster: a key's budget lives in one hash slot.
 */
export class RedisRateLimitStore implements RateLimitStore {
  readonly #redis: RedisConnection;
  readonly #prefix: string;
  readonly #timeoutMs: number;

  constructor(redis: RedisConnection, options: RedisRateLimitStoreOptions = {}) {
    const { prefix = "dashly:rate-limit:", timeoutMs = 2_000 } = options;
    if (/[{}]/.test(prefix))
      throw new TypeError("the key prefix must not contain { or }: they mark the hash tag");
    if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) throw new RangeError("timeoutMs must be positive");
    this.#redis = redis;
    this.#prefix = prefix;
    this.#timeoutMs = timeoutMs;
  }

  async take(key: string, options: RateLimitTakeOptions): Promise<RateLimitTake> {
    const { limit } = options;
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError("limit must be a positive integer");
    if (!(options.windowMs > 0 && Number.isFinite(options.windowMs)))
      throw new RangeError("windowMs must be positive");
    if (!(options.holdMs >= 0 && Number.isFinite(options.holdMs)))
      throw new RangeError("holdMs must be 0 or more");
    // Whole milliseconds on the server, rounded up: a slot never counts for less than asked.
    const windowMs = Math.ceil(options.windowMs);
    const holdMs = Math.ceil(options.holdMs);
    // The slot carries its window, for `release`, and 96 random bits that keep it unique.
    const slot = `${windowMs}/${randomBytes(12).toString("base64url")}`;
    const keys = this.#keys(key);
    const reply = takeScript.run(this.#redis, keys, [limit, windowMs, holdMs, slot]);
    const [granted, waitMs] = (await this.#call("rate-limit take", reply, () => {
      // The take may still run once Redis answers: give its slot back right behind it.
      releaseScript.run(this.#redis, keys, [windowMs, slot]).catch(() => {});
    })) as [number, number];
    return granted === 1 ? { granted: true, slot } : { granted: false, waitMs: Math.max(1, waitMs) };
  }

  async release(key: string, slot: string): Promise<void> {
    const windowMs = Number(slot.slice(0, slot.indexOf("/")));
    if (!(Number.isInteger(windowMs) && windowMs > 0)) throw new TypeError("not a slot this store gave out");
    await this.#call("rate-limit release", releaseScript.run(this.#redis, this.#keys(key), [windowMs, slot]));
  }

  async pause(key: string, ms: number): Promise<void> {
    if (!(ms >= 0 && Number.isFinite(ms))) throw new RangeError("a pause must be a finite number of ms");
    if (ms === 0) return;
    const [, pauseKey] = this.#keys(key);
    await this.#call("rate-limit pause", pauseScript.run(this.#redis, [pauseKey], [Math.ceil(ms)]));
  }

  /** The slots and pause keys of `key`'s budget, in one Cluster hash slot (the `{...}` tag). */
  #keys(key: string): [string, string] {
    if (typeof key !== "string" || key === "")
      throw new TypeError("the rate-limit key must be a non-empty string");
    const tag = `${this.#prefix}{${key}}`;
    return [`${tag}:slots`, `${tag}:pause`];
  }

  async #call(operation: string, reply: Promise<unknown>, onTimeout?: () => void): Promise<unknown> {
    try {
      return await withTimeLimit(reply, this.#timeoutMs, () => {
        onTimeout?.();
        return new RedisUnavailableError(operation, `no answer within ${this.#timeoutMs} ms`);
      });
    } catch (error) {
      if (error instanceof RedisUnavailableError) throw error;
      throw new RedisUnavailableError(operation, describeFailure(error), { cause: error });
    }
  }
}
