import type { ChatWebhookPart } from "@dashly/webhooks";
import { idsAsStrings } from "../api/ids.ts";
import { renderAdmin, renderPart } from "../api/render.ts";
import type { PartRecord } from "../state/records.ts";
import type { Store } from "../state/store.ts";

/** Part types the chat webhook reports: a message of the lead or of an operator (notes and events are not). */
export function isChatMessage(part: PartRecord): boolean {
  return part.type === "reply_user" || part.type === "reply_admin";
}

/**
 * The `conversation` field of a chat delivery, from state: the part, plus `direction`,
 * `conversation_closed`, `conversation_tags`, the conversation's `assignee` and `random_id`, as the docs'
 * example shows. IDs are strings here; the form writes them as JSON numbers.
 */
export function chatPayload(store: Store, part: PartRecord): ChatWebhookPart {
  const conversation = store.conversations.get(part.conversation);
  const rendered = renderPart(store, part, idsAsStrings);
  return {
    ...rendered,
    direction: part.direction,
    conversation_closed: conversation?.closed ?? false,
    conversation_tags: [...(conversation?.tags ?? [])],
    assignee: renderAdmin(store, conversation?.assignee ?? null, idsAsStrings),
    random_id: part.randomId,
  } as ChatWebhookPart;
}
