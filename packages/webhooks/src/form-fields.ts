import type { WebhookType } from "./types.ts";

/** The form fields of each delivery type that hold JSON, in the order Dashly's docs list them. */
export const JSON_FIELDS: Readonly<Record<WebhookType, readonly string[]>> = {
  conversation: ["conversation"],
  event: ["user", "event"],
  message_webhook: ["user", "event"],
};

/** The plain text fields of each delivery type, by the camelCase name they get in a delivery. */
export const TEXT_FIELDS = {
  conversation: {},
  event: { userId: "user_id", eventId: "event_id", eventName: "event_name" },
  message_webhook: {
    userId: "user_id",
    eventId: "event_id",
    messageId: "message_id",
    messageName: "message_name",
    sendingId: "sending_id",
  },
} as const satisfies Record<WebhookType, Record<string, string>>;

export function isWebhookType(value: string): value is WebhookType {
  return value === "conversation" || value === "event" || value === "message_webhook";
}
