import type { ConversationRecord, PartRecord, UserRecord } from "../state/records.ts";
import { matchesFilters, type UserFilters } from "../state/user-filters.ts";
import { flag, type Handler, requireOwnApp } from "./context.ts";
import { conversationPage } from "./conversation-page.ts";
import { presenceOf, renderChannel, renderUser } from "./render.ts";

const listActiveUsers: Handler = (context) => {
  const app = requireOwnApp(context);
  const { store } = context.world;
  const active = [...store.users.values()].filter(
    (user) => user.app === app && presenceOf(store, user) !== "offline",
  );
  const include = {
    presence: flag(context.query.include_presence, true),
    presence_details: flag(context.query.include_presence_details, true),
    props: flag(context.query.include_props, true),
  };
  return {
    data: active.map((user) => {
      const rendered = renderUser(store, user, context.ids, include);
      const { id, presence, presence_details, props } = rendered;
      return Object.fromEntries(
        Object.entries({ id, presence, presence_details, props }).filter(([, value]) => value !== undefined),
      );
    }),
  };
};

/** Leads, as the docs define them: a name, email, phone or User ID, or a conversation. */
function isLead(user: UserRecord, withConversation: Set<string>): boolean {
  const { props } = user;
  return (
    user.userId !== null ||
    props.$name !== undefined ||
    props.$email !== undefined ||
    props.$phone !== undefined ||
    withConversation.has(user.id)
  );
}

const listAppUsers: Handler = (context) => {
  const app = requireOwnApp(context);
  const { store } = context.world;
  const withConversation = new Set([...store.conversations.values()].map((one) => one.user));
  const filters = context.query.filters as UserFilters | undefined;
  const now = store.now();
  const sortProp = typeof context.query.sort_prop === "string" ? context.query.sort_prop : "$last_seen";
  const direction = context.query.sort_order === "asc" ? 1 : -1;
  const users = [...store.users.values()]
    .filter((user) => user.app === app && isLead(user, withConversation))
    .filter((user) => !filters || matchesFilters(user.props, filters, now))
    // Users without the property go last in either order; ties keep the order of creation.
    .sort((a, b) => compareProps(a.props[sortProp], b.props[sortProp], direction));
  const offset = typeof context.query.offset === "number" ? context.query.offset : 0;
  const limit = typeof context.query.limit === "number" ? context.query.limit : 20;
  const propsAsText = context.query.convert_props_types === false;
  return {
    data: {
      users: users
        .slice(offset, offset + limit)
        .map((user) =>
          renderUser(store, user, context.ids, { props: true, props_custom: true, propsAsText }),
        ),
    },
  };
};

/**
 * `assigned` absent: every conversation; an admin's ID: theirs (plus the unassigned ones with
 * `include_not_assigned`); `0`: the unassigned ones.
 */
function matchesAssignee(
  assignee: string | null,
  assigned: string | undefined,
  includeNotAssigned: boolean,
): boolean {
  if (assigned === undefined) return true;
  if (assigned === "0") return assignee === null;
  return assignee === assigned || (includeNotAssigned && assignee === null);
}

function compareProps(a: unknown, b: unknown, direction: number): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return (a - b) * direction;
  return String(a).localeCompare(String(b)) * direction;
}

const listAppConversations: Handler = (context) => {
  const app = requireOwnApp(context);
  const { store } = context.world;
  const q = context.query;
  const tags = Array.isArray(q.tags) ? (q.tags as string[]) : [];
  const assigned = typeof q.assigned === "string" ? q.assigned : undefined;
  const includeNotAssigned = flag(q.include_not_assigned, false);
  const channel = typeof q.channel === "string" ? q.channel : undefined;
  const lastReply = (one: ConversationRecord): PartRecord | undefined =>
    store.parts(one.id).findLast((part) => part.type === "reply_user" || part.type === "reply_admin");
  const rows = [...store.conversations.values()]
    .filter((one) => one.app === app && one.replied)
    .filter((one) => q.closed === undefined || one.closed === q.closed)
    .filter((one) => matchesAssignee(one.assignee, assigned, includeNotAssigned))
    .filter((one) => tags.every((tag) => one.tags.includes(tag)))
    .filter(
      (one) => channel === undefined || (channel === "0" ? one.channel === null : one.channel === channel),
    )
    .filter((one) => q.answered === undefined || (lastReply(one)?.type === "reply_admin") === q.answered)
    // The sandbox delays no conversation and runs no assistant.
    .filter(() => q.delayed !== true && q.assistant_type === undefined);
  return conversationPage(context, rows);
};

const listAppChannels: Handler = (context) => {
  const app = requireOwnApp(context);
  const { store } = context.world;
  const q = context.query;
  const include = {
    auto_set: flag(q.include_auto_set, true),
    auto_set_settings: flag(q.include_auto_set_settings, true),
    droppable: flag(q.include_droppable, true),
    not_assigned_count: flag(q.include_not_assigned_count, true),
    not_read_count: flag(q.include_not_read_count, true),
    operators: flag(q.include_operators, true),
    priority: flag(q.include_priority, true),
  };
  return {
    data: [...store.channels.values()]
      .filter((one) => one.app === app)
      .sort((a, b) => a.priority - b.priority)
      .map((one) => renderChannel(store, one, context.ids, include)),
  };
};

export const appHandlers: Record<string, Handler> = {
  listActiveUsers,
  listAppUsers,
  listAppConversations,
  listAppChannels,
};
