import { createHash } from "node:crypto";
import type { Cluster, Redis } from "ioredis";

/** A Redis connection or a Cluster: everything here works on both. */
export type RedisConnection = Redis | Cluster;

/**
 * A Lua script run by its SHA1 (`EVALSHA`), sent in full (`EVAL`) only when the server does not have it yet,
 * e.g. after a restart. Unlike ioredis' `defineCommand`, it adds nothing to the caller's connection object.
 */
export class LuaScript {
  readonly #source: string;
  readonly #sha: string;

  constructor(source: string) {
    this.#source = source;
    this.#sha = createHash("sha1").update(source).digest("hex");
  }

  async run(
    redis: RedisConnection,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    try {
      return await redis.evalsha(this.#sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith("NOSCRIPT"))) throw error;
      return await redis.eval(this.#source, keys.length, ...keys, ...args);
    }
  }
}
