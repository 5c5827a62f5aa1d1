import type { ConversationRecord } from "../state/records.ts";
import { type Answer, type CallContext, flag } from "./context.ts";
import { pageOf, timeKey } from "./paging.ts";
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
  const { page, meta } = pageOf(context, {
    rows: rows.sort((a, b) => b.lastUpdate - a.lastUpdate),
    key: (one) => one.lastUpdate,
    cursor: (one) => one.lastUpdate,
    position: (one) => [one.lastUpdate, context.ids(one.id)],
    keyOf: timeKey,
  });
  const include = conversationIncludes(context.query, false);
  return {
    data: page.map((one) => renderConversation(context.world.store, one, context.ids, include)),
    meta,
  };
}
