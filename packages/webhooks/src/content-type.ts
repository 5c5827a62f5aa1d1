import { WebhookContentTypeError } from "./errors.ts";
import { truncate } from "./truncate.ts";

const FORM = "application/x-www-form-urlencoded";

/**
 * Refuses anything but a form body. Parameters such as `charset=UTF-8` are allowed; `null` stands for a
 * request that had no Content-Type header at all.
 */
export function assertFormContentType(contentType: string | null): void {
  const mediaType = contentType?.split(";", 1)[0]?.trim().toLowerCase();
  if (mediaType === FORM) return;
  const got = contentType === null ? "none" : JSON.stringify(truncate(contentType, 100));
  throw new WebhookContentTypeError(`Expected Content-Type ${FORM}, got ${got}`);
}
