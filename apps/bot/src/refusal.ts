import type { FastifyReply, FastifyRequest } from "fastify";

/** Every refusal the bot answers, its own or the framework's, in one shape: `{ error, message }`. */
export interface Refusal {
  /** A stable code, e.g. `wrong_token`, `body_too_large`, `not_found`. */
  error: string;
  message: string;
}

/**
 * Answers a refusal and logs it at warn with its status and code (never the body or a token). The message
 * goes to the sender only: refusals quote no part of the request that could carry a secret.
 */
export function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  refusal: Refusal,
  headers: Record<string, string> = {},
): FastifyReply {
  request.log.warn(
    { status, code: refusal.error, route: request.routeOptions.url ?? null },
    "request refused",
  );
  return reply.code(status).headers(headers).send(refusal);
}
