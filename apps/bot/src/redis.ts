import { RedisRateLimitStore } from "@dashly/redis";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { RedisReplier, type RedisReplierOptions } from "./redis-replier.ts";

/**
 * The bot's pieces on Redis (`REDIS_URL`): the client's rate-limit store, shared with every instance and
 * batch job on the same token, and the reply queue. The URL (it may hold a password) is never logged.
 */
export function connectRedis(redisUrl: string, logger: Logger) {
  // Fails fast while Redis is down: the store then fails closed within its time limit, nothing is sent.
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  connection.on("error", (error: Error) => logger.warn({ err: error }, "redis"));
  return {
    rateLimitStore: new RedisRateLimitStore(connection),
    replier: (options: Omit<RedisReplierOptions, "redisUrl">) => new RedisReplier({ ...options, redisUrl }),
    disconnect: () => connection.disconnect(),
  };
}
