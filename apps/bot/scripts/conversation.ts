import type { ChatWebhookPart } from "@dashly/webhooks";
import { buildChatDelivery, docsChatPart } from "@dashly/webhooks/testing";

/** One delivery of the scripted conversation and what the bot should do with it. */
export interface Step {
  label: string;
  body: string;
  headers: Record<string, string>;
  expectedStatus: number;
  expectedOutcome?: string;
  /** The reply the bot should send for it. */
  expectedReply?: string;
}

/** The operator of the docs' example, who also writes in the conversation. */
const admin = docsChatPart().assignee ?? undefined;

/** A part of the docs' conversation: the docs' example part with another ID and text. */
function part(id: string, body: string, changes: Partial<ChatWebhookPart> = {}): ChatWebhookPart {
  return docsChatPart({ id, body, ...changes });
}

/** The demo's conversation: the docs' example, an operator speaking, a duplicate, and two bad deliveries. */
export function scriptedConversation(webhookToken: string): Step[] {
  const deliver = (
    label: string,
    chat: ChatWebhookPart,
    expected: Omit<Step, "label" | "body" | "headers">,
  ): Step => ({
    label,
    ...buildChatDelivery(chat, { token: webhookToken }),
    ...expected,
  });
  const greeting = part("78183798", "Hello, how are you");
  const greetingDelivery = deliver("lead: Hello, how are you (the docs' example)", greeting, {
    expectedStatus: 200,
    expectedOutcome: "queued",
    expectedReply: "Hey, great!",
  });
  return [
    greetingDelivery,
    {
      ...greetingDelivery,
      label: "the same delivery again (a retry)",
      expectedOutcome: "duplicate",
      expectedReply: undefined,
    },
    deliver(
      "operator: Hello, how are you",
      part("78183801", "Hello, how are you", { direction: "a2u", type: "reply_admin", from: admin }),
      {
        expectedStatus: 200,
        expectedOutcome: "not-a-lead-message",
      },
    ),
    deliver(
      "lead: What are your prices? (a 64-bit part ID)",
      part("1160406004324630614", "What are your prices?"),
      {
        expectedStatus: 200,
        expectedOutcome: "queued",
        expectedReply: "Our plans start at 29 € a month - see https://example.com/pricing.",
      },
    ),
    deliver("lead: Othello is my favourite play", part("78183805", "Othello is my favourite play"), {
      expectedStatus: 200,
      expectedOutcome: "no-match",
    }),
    deliver(
      "operator note",
      part("78183806", "VIP customer", { direction: "a2u", type: "note", from: admin }),
      {
        expectedStatus: 200,
        expectedOutcome: "not-a-lead-message",
      },
    ),
    {
      label: "a delivery with a wrong token",
      ...buildChatDelivery(part("78183807", "Hello, how are you"), { token: "not-the-token" }),
      expectedStatus: 401,
    },
    {
      label: "a delivery whose conversation is not JSON",
      body: new URLSearchParams({
        type: "conversation",
        token: webhookToken,
        conversation: "{oops",
      }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
      expectedStatus: 400,
    },
  ];
}
