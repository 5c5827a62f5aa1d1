import { JSON_FIELDS, TEXT_FIELDS } from "./form-fields.ts";
import { stringifyJsonField } from "./json-field.ts";
import { assertConfiguredToken } from "./token.ts";
import type { ChatWebhookPart, EventDelivery, MessageWebhookDelivery, WebhookType } from "./types.ts";

/** A delivery as Dashly would send it: POST it with these headers, or hand `body` to parseWebhook. */
export interface TestDelivery {
  body: string;
  headers: { "content-type": "application/x-www-form-urlencoded"; "user-agent": "Dashly Webhook 1.0" };
}

/** Builds a chat delivery (`type=conversation`) carrying `part`, IDs written as bare JSON numbers. */
export function buildChatDelivery(part: ChatWebhookPart, options: { token: string }): TestDelivery {
  return build("conversation", options.token, { conversation: part }, {});
}

/** Builds an event delivery (`type=event`). */
export function buildEventDelivery(
  delivery: Omit<EventDelivery, "type">,
  options: { token: string },
): TestDelivery {
  const { user, event, ...text } = delivery;
  return build("event", options.token, { user, event }, text);
}

/** Builds a triggered-message delivery (`type=message_webhook`). */
export function buildMessageWebhookDelivery(
  delivery: Omit<MessageWebhookDelivery, "type">,
  options: { token: string },
): TestDelivery {
  const { user, event, ...text } = delivery;
  return build("message_webhook", options.token, { user, event }, text);
}

function build(
  type: WebhookType,
  token: string,
  json: Record<string, unknown>,
  text: Record<string, string | undefined>,
): TestDelivery {
  assertConfiguredToken(token);
  const form = new URLSearchParams({ type, token });
  for (const name of JSON_FIELDS[type]) form.append(name, stringifyJsonField(json[name]));
  for (const [camelName, formName] of Object.entries(TEXT_FIELDS[type])) {
    const value = text[camelName];
    if (value !== undefined) form.append(formName, value);
  }
  return {
    body: form.toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", "user-agent": "Dashly Webhook 1.0" },
  };
}
