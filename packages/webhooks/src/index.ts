export type { ReadOptions } from "./body-limit.ts";
export {
  WebhookAuthenticationError,
  WebhookContentTypeError,
  WebhookError,
  type WebhookErrorCode,
  WebhookPayloadError,
} from "./errors.ts";
export { type ParseOptions, parseWebhook } from "./parse-webhook.ts";
export { parseWebhookRequest } from "./parse-webhook-request.ts";
export { type NodeRequest, readWebhook } from "./read-webhook.ts";
export type {
  ChatMessageDelivery,
  ChatWebhookPart,
  DeliveryByType,
  EventDelivery,
  MessageWebhookDelivery,
  WebhookDelivery,
  WebhookEvent,
  WebhookType,
  WebhookUser,
} from "./types.ts";
