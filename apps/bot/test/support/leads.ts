import { buildChatDelivery, type TestDelivery } from "@dashly/webhooks/testing";

/** A lead's message in its own conversation, as Dashly delivers it: the bot should answer it once. */
export function leadMessage(
  webhookToken: string,
  conversation: string,
  part: string,
  body = "Hello, how are you",
): TestDelivery {
  return buildChatDelivery(
    {
      direction: "u2a",
      type: "reply_user",
      id: part,
      body,
      conversation,
      created: 1492604036,
      from: "85648207",
    },
    { token: webhookToken },
  );
}

/** POSTs a delivery to the bot's webhook route. */
export function deliver(
  botUrl: string,
  delivery: { body: string | Uint8Array; headers: Record<string, string> },
  signal?: AbortSignal,
): Promise<Response> {
  return fetch(`${botUrl}/webhooks/dashly`, {
    method: "POST",
    headers: delivery.headers,
    body: delivery.body,
    ...(signal && { signal }),
  });
}

/** The reply route of a conversation, as the fault injector counts it. */
export const replyRoute = (conversation: string): string => `POST /conversations/${conversation}/reply`;
