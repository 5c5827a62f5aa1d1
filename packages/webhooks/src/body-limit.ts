import { WebhookPayloadError } from "./errors.ts";

/** Dashly's deliveries are a few kilobytes; 1 MiB leaves room for long messages and big user records. */
export const DEFAULT_LIMIT_BYTES = 1024 * 1024;

/** Options of the adapters, which read the body themselves. */
export interface ReadOptions {
  /** The webhook token from the app's settings. */
  token: string;
  /** Largest body accepted, in bytes (default 1 MiB). A larger one is refused with `body_too_large`. */
  limitBytes?: number;
}

export function resolveLimit(limitBytes: number | undefined): number {
  if (limitBytes === undefined) return DEFAULT_LIMIT_BYTES;
  if (!Number.isSafeInteger(limitBytes) || limitBytes < 0) {
    throw new TypeError("@dashly/webhooks: `limitBytes` must be a whole number of bytes");
  }
  return limitBytes;
}

export function bodyTooLarge(limitBytes: number): WebhookPayloadError {
  return new WebhookPayloadError("body_too_large", `The delivery's body is larger than ${limitBytes} bytes`);
}

/** Refuses a body whose declared Content-Length is over the limit, before a byte of it is read. */
export function checkDeclaredLength(contentLength: string | null | undefined, limitBytes: number): void {
  if (contentLength === null || contentLength === undefined) return;
  const declared = Number(contentLength);
  if (Number.isFinite(declared) && declared > limitBytes) throw bodyTooLarge(limitBytes);
}
