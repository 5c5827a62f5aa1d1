import { hash, timingSafeEqual } from "node:crypto";
import { WebhookAuthenticationError } from "./errors.ts";

/** An empty token would accept forged deliveries that carry `token=` — that is a setup mistake, not a request's. */
export function assertConfiguredToken(token: unknown): asserts token is string {
  if (typeof token !== "string" || token.length === 0) {
    throw new TypeError(
      "@dashly/webhooks: `token` must be the non-empty webhook token from the app's settings",
    );
  }
}

/**
 * Checks the delivery's `token` field(s) against the configured token. Both sides are hashed first so that
 * the comparison takes the same time whatever the lengths and contents, and nothing about the token leaks.
 */
export function verifyToken(received: readonly string[], configured: string): void {
  const present = received.filter((value) => value.length > 0);
  if (present.length === 0) {
    throw new WebhookAuthenticationError("missing_token", "The delivery has no token field, or an empty one");
  }
  if (received.length > 1) {
    // Two tokens could make two readers of the same form disagree about which one was checked.
    throw new WebhookAuthenticationError("wrong_token", "The delivery has more than one token field");
  }
  if (!timingSafeEqual(sha256(present[0] as string), configuredDigest(configured))) {
    throw new WebhookAuthenticationError(
      "wrong_token",
      "The delivery's token is not the configured webhook token",
    );
  }
}

// A receiver checks every delivery against the same token: its digest is computed once, not per request.
let lastConfigured: { token: string; digest: Buffer } | undefined;

function configuredDigest(token: string): Buffer {
  if (lastConfigured?.token !== token) lastConfigured = { token, digest: sha256(token) };
  return lastConfigured.digest;
}

// The one-shot `hash` costs about half of a `createHash` object per delivery.
function sha256(text: string): Buffer {
  return hash("sha256", text, "buffer");
}
