import { idsAsStrings } from "../api/ids.ts";
import { renderConversation, renderPart } from "../api/render.ts";
import type { ConversationRecord, PartRecord } from "../state/records.ts";
import type { Store } from "../state/store.ts";

// What the control API and the event stream show: the objects the Dashly API shows, every ID a string.

const ALL_FIELDS = {
  user: true,
  channel: true,
  part_last: true,
  important_part_last: true,
  reply_last: true,
};

export function partView(store: Store, part: PartRecord): Record<string, unknown> {
  return renderPart(store, part, idsAsStrings);
}

/** The conversation (Dashly's fields, plus who is typing) without its parts. */
export function conversationView(store: Store, conversation: ConversationRecord): Record<string, unknown> {
  const view = renderConversation(store, conversation, idsAsStrings, ALL_FIELDS);
  const typing = conversation.typing;
  const fresh = typing !== null && store.now() - typing.at <= 10;
  view.typing = fresh ? { by: typing.author.kind === "user" ? "user" : "admin", body: typing.body } : null;
  return view;
}

/** The conversation with every part, oldest first. */
export function conversationWithParts(
  store: Store,
  conversation: ConversationRecord,
): Record<string, unknown> {
  return {
    ...conversationView(store, conversation),
    parts: store.parts(conversation.id).map((part) => partView(store, part)),
  };
}
