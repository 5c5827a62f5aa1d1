import { createDashlyClient } from "@dashly/client";
import { pino } from "pino";
import type { BotConfig } from "./config.ts";
import { connectRedis } from "./redis.ts";
import { Replier } from "./replier.ts";
import type { ReplySink } from "./reply-sink.ts";
import { loadRules } from "./rules.ts";
import { buildServer } from "./server.ts";

export interface RunningBot {
  url: string;
  app: ReturnType<typeof buildServer>;
  replier: ReplySink;
  /** Stops taking deliveries, sends the replies already queued, then closes. */
  stop(): Promise<void>;
}

/** Starts the bot: loads the rules (failing on a bad file), listens, replies through the Dashly client. */
export async function startBot(config: BotConfig, fetchImpl?: typeof fetch): Promise<RunningBot> {
  const logger = pino({
    level: config.logLevel,
    base: { service: "dashly-bot" },
    // Belt and braces: nothing logs the tokens, and should an object carrying them be logged, they are cut.
    redact: {
      paths: [
        "token",
        "*.token",
        "dashlyToken",
        "webhookToken",
        "*.dashlyToken",
        "*.webhookToken",
        "req.headers.authorization",
      ],
      censor: "[redacted]",
    },
  });
  const rules = await loadRules(config.rulesPath);
  const redis = config.redisUrl === undefined ? undefined : connectRedis(config.redisUrl, logger);
  const client = createDashlyClient({
    token: config.dashlyToken,
    baseUrl: config.dashlyApiUrl,
    timeoutMs: config.timeoutMs,
    // A reply is also sent again after a 5xx, a dropped connection or a timeout (by default the client
    // retries a POST after a 429 only). A lead left unanswered is the worse failure, and every attempt carries
    // the same `random_id`; but when Dashly had posted the reply before failing, the lead sees it twice.
    retry: { retryUnsafe: true },
    // Retries at warn and rate-limit waits at info, so a stalled reply shows why; sends at debug.
    logger: logger.child({ component: "dashly-client" }),
    ...(fetchImpl && { fetch: fetchImpl }),
    ...(redis && { rateLimit: { store: redis.rateLimitStore } }),
  });
  const replier = redis
    ? redis.replier({
        client,
        logger,
        fromAdmin: config.fromAdmin,
        stopTimeoutMs: config.timeoutMs,
        queue: { lockMs: config.jobLockMs },
      })
    : new Replier({ client, logger, fromAdmin: config.fromAdmin });
  const app = buildServer({ webhookToken: config.webhookToken, rules, replier, logger });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  logger.info(
    { port, rules: rules.length, api: new URL(config.dashlyApiUrl).origin, shared: redis ? "redis" : "none" },
    "bot listening",
  );
  return {
    url: `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`,
    app,
    replier,
    async stop() {
      logger.info({ replies: replier.stats }, "bot stopping");
      await app.close();
      await replier.drain();
      redis?.disconnect();
      logger.info({ replies: replier.stats }, "bot stopped");
    },
  };
}
