import { bodyTooLarge, type ReadOptions } from "./body-limit.ts";
import { readDelivery } from "./read-delivery.ts";
import type { WebhookDelivery } from "./types.ts";

/**
 * Reads, verifies and parses a delivery from a Fetch API `Request`, for servers built on the Fetch API. Same
 * checks as readWebhook: content type first, then a body of at most `limitBytes` (default 1 MiB), whose
 * stream is cancelled as soon as it goes over.
 */
export function parseWebhookRequest(request: Request, options: ReadOptions): Promise<WebhookDelivery> {
  return readDelivery(
    {
      bodyAlreadyRead: request.bodyUsed,
      contentType: request.headers.get("content-type"),
      contentLength: request.headers.get("content-length"),
      readBody: (limitBytes) => readBody(request, limitBytes),
    },
    options,
  );
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
