import { checkDeclaredLength, type ReadOptions, resolveLimit } from "./body-limit.ts";
import { assertFormContentType } from "./content-type.ts";
import { parseWebhook } from "./parse-webhook.ts";
import { assertConfiguredToken } from "./token.ts";
import type { WebhookDelivery } from "./types.ts";

/** What an adapter knows of its request before reading the body, and how to read it. */
export interface DeliverySource {
  bodyAlreadyRead: boolean;
  contentType: string | null;
  contentLength: string | null | undefined;
  /** Reads the body as text, refusing it with `body_too_large` past `limitBytes`. */
  readBody(limitBytes: number): Promise<string>;
}

/**
 * The adapters' common path, in the order that reads nothing needlessly: options, the content type and a
 * declared length first, then the body, then parseWebhook.
 */
export async function readDelivery(source: DeliverySource, options: ReadOptions): Promise<WebhookDelivery> {
  assertConfiguredToken(options?.token);
  const limitBytes = resolveLimit(options.limitBytes);
  if (source.bodyAlreadyRead) {
    throw new TypeError(
      "@dashly/webhooks: the request's body was already read; pass it to parseWebhook instead",
    );
  }
  assertFormContentType(source.contentType);
  checkDeclaredLength(source.contentLength, limitBytes);
  const body = await source.readBody(limitBytes);
  return parseWebhook(body, { token: options.token });
}
