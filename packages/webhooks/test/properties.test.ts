import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseWebhook, WebhookError } from "../src/index.ts";
import { buildChatDelivery } from "../src/testing.ts";
import { chatWebhookPart, text } from "./support/arbitraries.ts";
import { TOKEN } from "./support/fixtures.ts";
import { anyBody } from "./support/garbage.ts";

/** Mostly no Content-Type to check, so that most runs reach the form itself. */
const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constant("application/x-www-form-urlencoded; charset=UTF-8") },
  { weight: 1, arbitrary: text(40) },
);

describe("properties", () => {
  it("any body is either parsed or refused with a WebhookError that does not show the token", () => {
    const outcomes = new Map<string, number>();
    fc.assert(
      fc.property(anyBody, contentType, (body, type) => {
        let outcome: string;
        try {
          outcome = parseWebhook(body, { token: TOKEN, contentType: type }).type;
        } catch (error) {
          if (!(error instanceof WebhookError)) throw error;
          expect(error.message).not.toContain(TOKEN);
          expect([400, 401, 413, 415]).toContain(error.status);
          outcome = error.code;
        }
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }),
      { numRuns: 1000 },
    );
    // The generator must reach every stage of parsing, or the property says little.
    expect([...outcomes.keys()]).toEqual(
      expect.arrayContaining([
        "conversation",
        "event",
        "message_webhook",
        "invalid_payload",
        "malformed_field",
        "missing_token",
        "unknown_type",
        "wrong_content_type",
        "wrong_token",
      ]),
    );
  });

  it("every chat delivery built by buildChatDelivery parses back to the same part", () => {
    fc.assert(
      fc.property(chatWebhookPart, (part) => {
        const delivery = parseWebhook(buildChatDelivery(part, { token: TOKEN }).body, { token: TOKEN });
        expect(delivery).toStrictEqual({ type: "conversation", part });
      }),
      { numRuns: 500 },
    );
  });
});
