import { bodyTooLarge, checkDeclaredLength, type ReadOptions, resolveLimit } from "./body-limit.ts";
import { assertFormContentType } from "./content-type.ts";
import { parseWebhook } from "./parse-webhook.ts";
import { assertConfiguredToken } from "./token.ts";
import type { WebhookDelivery } from "./types.ts";

/**
 * Reads, verifies and parses a delivery from a Fetch API `Request`, for servers built on the Fetch API. Same
 * checks as readWebhook: content type first, then a body of at most `limitBytes` (default 1 MiB), whose
 * stream is cancelled as soon as it goes over.
 */
export async function parseWebhookRequest(request: Request, options: ReadOptions): Promise<WebhookDelivery> {
  assertConfiguredToken(options?.token);
  const limitBytes = resolveLimit(options.limitBytes);
  if (request.bodyUsed) {
    throw new TypeError(
      "@dashly/webhooks: the request's body was already read; pass it to parseWebhook instead",
    );
  }
  assertFormContentType(request.headers.get("content-type"));
  checkDeclaredLength(request.headers.get("content-length"), limitBytes);
  const body = await readBody(request, limitBytes);
  return parseWebhook(body, { token: options.token });
}

async function readBody(request: Request, limitBytes: number): Promise<string> {
  if (request.body === null) return "";
  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel();
      throw bodyTooLarge(limitBytes);
    }
    text += decoder.decode(value, { stream: true });
  }
}
