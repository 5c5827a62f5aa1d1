import type { ChatWebhookPart } from "@dashly/webhooks";

/**
 * Whether the bot may answer this part: only a lead's own message. The chat webhook fires for both
 * directions, so answering anything else (an operator's reply, the bot's own reply coming back, a note,
 * a service part) would talk to the team or loop forever.
 */
export function isLeadMessage(part: ChatWebhookPart): boolean {
  return (
    part.direction === "u2a" &&
    part.type === "reply_user" &&
    typeof part.body === "string" &&
    part.body !== ""
  );
}
