import { JSON_FIELDS, TEXT_FIELDS } from "./form-fields.ts";
import { stringifyJsonField } from "./lossless-json.ts";
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

const DOCS_CHAT_CONVERSATION =
  '{"direction": "u2a", "conversation_closed": false, "conversation_tags": [], "type": "reply_user", "id": 78183798, "body": "ewfwfwef", "assignee": {"type": "admin", "name": "inkov", "avatar": "https://files.dashly.io/avatars/default-v2.png", "id": 111}, "sent_via": "web_user", "created": 1492604036, "random_id": 132466821, "conversation": 64558819, "from": 85648207}';

/**
 * The chat delivery of Dashly's docs (help.dashly.io/article/14), field for field: `conversation` is the JSON
 * text exactly as the docs print it (IDs as bare numbers), `token` the docs' token, `body` the form of both.
 */
export const DOCS_CHAT_EXAMPLE: {
  readonly token: string;
  readonly conversation: string;
  readonly body: string;
} = Object.freeze({
  token: "xxx",
  conversation: DOCS_CHAT_CONVERSATION,
  body: new URLSearchParams({
    conversation: DOCS_CHAT_CONVERSATION,
    type: "conversation",
    token: "xxx",
  }).toString(),
});

/**
 * The part of the docs' chat delivery as parseWebhook gives it (IDs as strings), with `changes` applied: a
 * lead's message to build deliveries from, e.g. `docsChatPart({ id: "1160406004324630614", body: "Hi" })`.
 */
export function docsChatPart(changes: Partial<ChatWebhookPart> = {}): ChatWebhookPart {
  return {
    direction: "u2a",
    conversation_closed: false,
    conversation_tags: [],
    type: "reply_user",
    id: "78183798",
    body: "ewfwfwef",
    assignee: {
      type: "admin",
      name: "inkov",
      avatar: "https://files.dashly.io/avatars/default-v2.png",
      id: "111",
    },
    sent_via: "web_user",
    created: 1492604036,
    random_id: 132466821,
    conversation: "64558819",
    from: "85648207",
    ...changes,
  };
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
