import type { WebhookType } from "./types.ts";

/**
 * The form fields of each delivery type that hold JSON, in the order Dashly's docs list them. Keyed by the
 * spec's webhook names: a webhook added to the spec does not compile until it has an entry here (and in
 * TEXT_FIELDS, types.ts and parse-webhook.ts).
 */
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

/** Every webhook type, in the spec's order. */
export const WEBHOOK_TYPES = Object.keys(JSON_FIELDS) as readonly WebhookType[];

export function isWebhookType(value: string): value is WebhookType {
  return Object.hasOwn(JSON_FIELDS, value);
}

/** A table with one entry per webhook type, each made by `make`. */
export function perType<Value>(make: (type: WebhookType) => Value): Readonly<Record<WebhookType, Value>> {
  const table: Partial<Record<WebhookType, Value>> = {};
  for (const type of WEBHOOK_TYPES) table[type] = make(type);
  return table as Record<WebhookType, Value>;
}
