import type { Enqueued, Health, ReplyJob } from "./replier.ts";

/**
 * Where the webhook route hands a reply to send: the in-process `Replier` (the default), or `RedisReplier`
 * when `REDIS_URL` is set. `unavailable`: the job could not be stored (answer 503, Dashly sends it again).
 */
export interface ReplySink {
  enqueue(job: ReplyJob): Enqueued | "unavailable" | Promise<Enqueued | "unavailable">;
  health(): Health | Promise<Health>;
  /** Replies sent and failed by this process, and those under way in it. */
  readonly stats: Health["replies"];
  /** Stops: sends (or hands back) what is under way, within the bot's time limit. */
  drain(): Promise<void>;
}
