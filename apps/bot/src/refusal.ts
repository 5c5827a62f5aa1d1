import type { FastifyReply, FastifyRequest } from "fastify";

/** Every refusal the bot answers, its own or the framework's, in one shape: `{ error, message }`. */
export interface Refusal {
  /** A stable code, e.g. `wrong_token`, `body_too_large`, `not_found`. */
  error: string;
  message: string;
}

export interface RefuseOptions {
  headers?: Record<string, string>;
  /** The bot's own failure behind a 5xx: logged at error with its stack instead of at warn. */
  cause?: unknown;
}

/**
 * Answers a refusal and logs it once as "request refused", with its status and code (never the body or a
 * token). Messages quote no part of the request that could carry a secret.
 */
export function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  refusal: Refusal,
  options: RefuseOptions = {},
): FastifyReply {
  const entry = { status, code: refusal.error, route: request.routeOptions.url ?? null };
  if (options.cause === undefined) request.log.warn(entry, "request refused");
  else request.log.error({ ...entry, err: options.cause }, "request refused");
  return reply
    .code(status)
    .headers(options.headers ?? {})
    .send(refusal);
}
