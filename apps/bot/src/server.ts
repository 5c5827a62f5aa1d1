import { parseWebhook, WebhookError } from "@dashly/webhooks";
import Fastify, { LogController } from "fastify";
import type { Logger } from "pino";
import type { Replier } from "./replier.ts";
import { type CompiledRule, findAnswer } from "./rules.ts";
import { isLeadMessage } from "./should-answer.ts";

export interface ServerOptions {
  webhookToken: string;
  rules: readonly CompiledRule[];
  replier: Replier;
  logger: Logger;
  /** Largest delivery accepted, in bytes. */
  bodyLimit?: number;
}

/** What the bot did with a delivery: in the answer body, and in the logs. */
export type Outcome = "queued" | "duplicate" | "no-match" | "not-a-lead-message" | "not-a-chat-message";

/**
 * The bot's HTTP server: `POST /webhooks/dashly` takes Dashly's deliveries, `GET /healthz` says it is up.
 * A delivery is verified, filtered and matched here and acknowledged at once; the reply goes out later.
 */
export function buildServer(options: ServerOptions) {
  const app = Fastify({
    loggerInstance: options.logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 1_048_576,
  });

  // Keep the raw form: @dashly/webhooks parses it (JSON fields, 64-bit IDs) and checks the token itself.
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string" },
    (_request, body, done) => {
      done(null, body);
    },
  );

  app.get("/healthz", async () => ({ status: "ok", replies: options.replier.stats }));

  app.post("/webhooks/dashly", async (request, reply) => {
    let delivery: ReturnType<typeof parseWebhook>;
    try {
      delivery = parseWebhook(String(request.body ?? ""), {
        token: options.webhookToken,
        contentType: request.headers["content-type"],
      });
    } catch (error) {
      if (!(error instanceof WebhookError)) throw error;
      request.log.warn({ code: error.code }, "delivery refused");
      return reply.code(error.status).send({ error: error.code, message: error.message });
    }
    const outcome = handle(delivery, options);
    // What the bot acts on is logged at info; what it ignores (most of the traffic) only at debug.
    const level = outcome === "queued" || outcome === "full" ? "info" : "debug";
    request.log[level](
      { outcome, ...(delivery.type === "conversation" && { part: delivery.part.id }) },
      "delivery",
    );
    if (outcome === "full")
      return reply
        .code(503)
        .header("retry-after", "30")
        .send({ error: "busy", message: "Too many replies waiting; send it again later" });
    return { outcome };
  });

  return app;
}

function handle(delivery: ReturnType<typeof parseWebhook>, options: ServerOptions): Outcome | "full" {
  if (delivery.type !== "conversation") return "not-a-chat-message";
  const { part } = delivery;
  if (!isLeadMessage(part)) return "not-a-lead-message";
  const rule = findAnswer(options.rules, part.body ?? "");
  if (!rule) return "no-match";
  return options.replier.enqueue({
    conversationId: part.conversation,
    partId: part.id,
    answer: rule.answer,
    rule: rule.label,
  });
}
