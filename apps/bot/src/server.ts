import { readWebhook, type WebhookDelivery, WebhookError } from "@dashly/webhooks";
import Fastify, { type FastifyError, LogController } from "fastify";
import type { Logger } from "pino";
import { refuse } from "./refusal.ts";
import type { ReplySink } from "./reply-sink.ts";
import { type CompiledRule, findAnswer } from "./rules.ts";
import { isLeadMessage } from "./should-answer.ts";

export interface ServerOptions {
  webhookToken: string;
  rules: readonly CompiledRule[];
  replier: ReplySink;
  logger: Logger;
  /** Largest delivery accepted, in bytes (default 1 MiB). */
  bodyLimit?: number;
}

/** What the bot did with a delivery: in the answer body, and in the logs. */
export type Outcome = "queued" | "duplicate" | "no-match" | "not-a-lead-message" | "not-a-chat-message";

const DEFAULT_BODY_LIMIT = 1_048_576;

/** Deliveries the bot could not take: Dashly sends them again after `Retry-After`. */
const notTaken = {
  full: { error: "busy", message: "Too many replies waiting; send it again later", retryAfter: "30" },
  unavailable: {
    error: "queue_unavailable",
    message: "The reply could not be stored; send it again later",
    retryAfter: "5",
  },
};

/**
 * The bot's HTTP server: `POST /webhooks/dashly` takes Dashly's deliveries, `GET /healthz` reports on the
 * bot and its replies. A delivery is read and verified by @dashly/webhooks' readWebhook, filtered and matched
 * here, and acknowledged at once; the reply goes out later. Every refusal, the framework's included, is an
 * `{ error, message }` answer logged as "request refused".
 */
export function buildServer(options: ServerOptions) {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app = Fastify({
    loggerInstance: options.logger,
    logController: new LogController({ disableRequestLogging: true }),
    // While stopping, requests still arriving on open connections are refused below, in the bot's shape.
    return503OnClosing: false,
  });
  let stopping = false;
  app.addHook("preClose", async () => {
    stopping = true;
  });
  app.addHook("onRequest", async (request, reply) => {
    if (!stopping) return;
    return refuse(
      request,
      reply,
      503,
      { error: "stopping", message: "The bot is stopping; send it again later" },
      { headers: { connection: "close", "retry-after": "30" } },
    );
  });

  // readWebhook reads the body itself (content type first, then at most `bodyLimit` bytes): Fastify reads none.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", (_request, _payload, done) => done(null));

  // A sender that asks first (`Expect: 100-continue`, as curl does for big bodies) is told to go on only when
  // the length it declares fits, so that an oversized delivery gets its 413 before a byte of it is sent.
  app.server.on("checkContinue", (request, response) => {
    if (!(Number(request.headers["content-length"]) > bodyLimit)) response.writeContinue();
    app.server.emit("request", request, response);
  });

  app.setNotFoundHandler((request, reply) =>
    refuse(request, reply, 404, {
      error: "not_found",
      message: "No such route: Dashly's chat webhook goes to POST /webhooks/dashly",
    }),
  );
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return refuse(request, reply, status, { error: error.code ?? "bad_request", message: error.message });
    }
    return refuse(
      request,
      reply,
      500,
      { error: "internal", message: "The bot failed to handle the request" },
      { cause: error },
    );
  });

  app.get("/healthz", async () => options.replier.health());

  app.post("/webhooks/dashly", async (request, reply) => {
    let delivery: WebhookDelivery;
    try {
      delivery = await readWebhook(request.raw, { token: options.webhookToken, limitBytes: bodyLimit });
    } catch (error) {
      if (error instanceof WebhookError) {
        // The rest of an oversized body stays unread: the connection cannot serve another request.
        const headers: Record<string, string> =
          error.code === "body_too_large" ? { connection: "close" } : {};
        return refuse(
          request,
          reply,
          error.status,
          { error: error.code, message: error.message },
          { headers },
        );
      }
      if (request.raw.destroyed) {
        // The sender went away mid-body: the answer reaches nobody, but the refusal is logged like any other.
        return refuse(request, reply, 400, { error: "incomplete_body", message: "The delivery broke off" });
      }
      throw error;
    }
    const outcome = await handle(delivery, options);
    if (outcome === "full" || outcome === "unavailable") {
      const { retryAfter, ...refusal } = notTaken[outcome];
      return refuse(request, reply, 503, refusal, { headers: { "retry-after": retryAfter } });
    }
    // What the bot acts on is logged at info; what it ignores (most of the traffic) only at debug.
    request.log[outcome === "queued" ? "info" : "debug"](
      { outcome, ...(delivery.type === "conversation" && { part: delivery.part.id }) },
      "delivery",
    );
    return { outcome };
  });

  return app;
}

async function handle(
  delivery: WebhookDelivery,
  options: ServerOptions,
): Promise<Outcome | "full" | "unavailable"> {
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
