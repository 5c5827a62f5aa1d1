import type { ConversationRecord } from "../state/records.ts";
import { type Answer, type CallContext, cursorPage, flag } from "./context.ts";
import { countOf, timeCursor } from "./cursors.ts";
import { type ConversationIncludes, renderConversation } from "./render.ts";

/** The optional fields of a conversation, as the request's `include_*` arguments pick them. */
export function conversationIncludes(
  query: Record<string, unknown>,
  channelByDefault: boolean,
): ConversationIncludes {
  return {
    user: flag(query.include_user, true),
    channel: flag(query.include_channel, channelByDefault),
    part_last: flag(query.include_part_last, true),
    important_part_last: flag(query.include_important_part_last, true),
    reply_last: flag(query.include_reply_last, true),
  };
}

/**
 * One page of conversations (newest `last_update` first), paged by the `last_update` of the last one: the
 * store's timestamps are distinct, so the cursor names exactly one row.
 */
export function conversationPage(context: CallContext, rows: ConversationRecord[]): Answer {
  const q = context.query;
  const sorted = rows.sort((a, b) => b.lastUpdate - a.lastUpdate);
  const { page, next } = cursorPage(sorted, (one) => one.lastUpdate, timeCursor(q.after), countOf(q.count));
  const include = conversationIncludes(q, false);
  return {
    data: page.map((one) => renderConversation(context.world.store, one, context.ids, include)),
    meta: { next_after: next ? next.lastUpdate : null },
  };
}
