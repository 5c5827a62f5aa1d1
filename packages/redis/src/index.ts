export { NotRetryableError, RedisUnavailableError } from "./errors.ts";
export type { RedisConnection } from "./lua-script.ts";
export { RedisRateLimitStore, type RedisRateLimitStoreOptions } from "./rate-limit-store.ts";
export {
  createReplyQueue,
  type DeadLetters,
  type EnqueueOutcome,
  type ReplyJobInfo,
  type ReplyQueue,
  type ReplyQueueOptions,
} from "./reply-queue.ts";
