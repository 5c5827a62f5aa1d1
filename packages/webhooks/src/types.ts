import type { components, webhooks } from "@dashly/client";

/** The conversation part a chat webhook delivers, with every ID as a decimal string. */
export type ChatWebhookPart = components["schemas"]["ChatWebhookPart"];
/** The user an event or triggered-message webhook is about. */
export type WebhookUser = components["schemas"]["User"];
/** The event an event or triggered-message webhook reports. */
export type WebhookEvent = components["schemas"]["Event"];

/** A lead or an operator wrote a chat message (`type=conversation`). */
export interface ChatMessageDelivery {
  type: "conversation";
  /** The `conversation` field: the part, plus the conversation's state. */
  part: ChatWebhookPart;
}

/** A user did an event chosen in the app's integration settings (`type=event`). */
export interface EventDelivery {
  type: "event";
  user: WebhookUser;
  userId?: string;
  event: WebhookEvent;
  eventId?: string;
  eventName?: string;
}

/** An automatic message of type "webhook" fired for a user (`type=message_webhook`). */
export interface MessageWebhookDelivery {
  type: "message_webhook";
  user: WebhookUser;
  userId?: string;
  event: WebhookEvent;
  eventId?: string;
  messageId: string;
  messageName?: string;
  sendingId?: string;
}

/** The `type` values Dashly sends: the names of the spec's webhooks. */
export type WebhookType = keyof webhooks;

/** The delivery of each webhook type. */
export interface DeliveryByType {
  conversation: ChatMessageDelivery;
  event: EventDelivery;
  message_webhook: MessageWebhookDelivery;
}

/**
 * One verified delivery; `type` tells which. Built from the spec's webhook names, so that a webhook added
 * to the spec fails to compile here until DeliveryByType has its delivery.
 */
export type WebhookDelivery = { [Type in WebhookType]: DeliveryByType[Type] }[WebhookType];
