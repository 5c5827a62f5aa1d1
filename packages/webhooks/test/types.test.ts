import { describe, expectTypeOf, it } from "vitest";
import {
  type ChatWebhookPart,
  parseWebhook,
  type WebhookDelivery,
  type WebhookError,
  type WebhookErrorCode,
  type WebhookPayloadError,
} from "../src/index.ts";
import { buildChatDelivery } from "../src/testing.ts";

describe("the public types", () => {
  it("narrow a delivery by its type", () => {
    const delivery = {} as WebhookDelivery;
    if (delivery.type === "conversation") {
      expectTypeOf(delivery.part).toEqualTypeOf<ChatWebhookPart>();
      expectTypeOf(delivery.part.id).toEqualTypeOf<string>();
      expectTypeOf(delivery.part.conversation).toEqualTypeOf<string>();
      // @ts-expect-error a chat delivery has no user
      void delivery.user;
    } else if (delivery.type === "message_webhook") {
      expectTypeOf(delivery.messageId).toEqualTypeOf<string>();
      expectTypeOf(delivery.event.id).toEqualTypeOf<string>();
    } else {
      expectTypeOf(delivery.type).toEqualTypeOf<"event">();
      expectTypeOf(delivery.eventName).toEqualTypeOf<string | undefined>();
    }
  });

  it("give errors a code and a status", () => {
    expectTypeOf<WebhookError["code"]>().toEqualTypeOf<WebhookErrorCode>();
    expectTypeOf<WebhookPayloadError["code"]>().toEqualTypeOf<
      "unknown_type" | "malformed_field" | "invalid_payload" | "body_too_large"
    >();
    expectTypeOf<WebhookError["status"]>().toEqualTypeOf<number>();
  });

  it("take typed options", () => {
    expectTypeOf(parseWebhook)
      .parameter(1)
      .toHaveProperty("contentType")
      .toEqualTypeOf<string | null | undefined>();
    // @ts-expect-error the token is required
    void (() => parseWebhook("", {}));
    const numericId = { id: 1, created: 1, conversation: "2", type: "note", direction: "u2a" } as const;
    // @ts-expect-error IDs are strings, never numbers
    void (() => buildChatDelivery(numericId, { token: "t" }));
  });
});
