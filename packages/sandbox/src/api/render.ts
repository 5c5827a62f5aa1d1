import type {
  AdminRecord,
  Author,
  ChannelRecord,
  ConversationRecord,
  EventRecord,
  PartRecord,
  PropValue,
  UserRecord,
} from "../state/records.ts";
import type { Store } from "../state/store.ts";
import type { IdWriter } from "./ids.ts";

// Records become the objects the spec describes. IDs go through `ids`, so one renderer serves both
// `id_as_string` modes; the SSE stream and the control API use strings.

const AVATAR = "https://files.dashly.app/avatars/default-v2.png";

export function renderAdmin(store: Store, id: string | null, ids: IdWriter): Record<string, unknown> | null {
  if (id === null) return null;
  const admin = store.admins.get(id);
  if (!admin) return null;
  return adminObject(admin, ids);
}

function adminObject(admin: AdminRecord, ids: IdWriter): Record<string, unknown> {
  return {
    id: ids(admin.id),
    name: admin.name,
    name_internal: admin.name,
    avatar: admin.avatar,
    type: admin.type,
  };
}

function authorObject(store: Store, author: Author, app: string, ids: IdWriter): unknown {
  if (author.kind === "user") return ids(author.id);
  if (author.kind === "admin") return renderAdmin(store, author.id, ids) ?? defaultAdmin(store, app);
  return defaultAdmin(store, app);
}

function defaultAdmin(store: Store, app: string): Record<string, unknown> {
  return { type: "default_admin", name: store.apps.get(app)?.name ?? "Dashly", avatar: AVATAR };
}

export function renderPart(store: Store, part: PartRecord, ids: IdWriter): Record<string, unknown> {
  const app = store.conversations.get(part.conversation)?.app ?? "";
  const out: Record<string, unknown> = {
    id: ids(part.id),
    created: part.created,
    conversation: ids(part.conversation),
    part_group: ids(part.partGroup),
    body: part.body,
    direction: part.direction,
    from: authorObject(store, part.from, app, ids),
    read: part.read,
    type: part.type,
    sent_via: part.sentVia,
    random_id: part.randomId,
  };
  if (part.first) out.first = true;
  if (part.bodyJson) out.body_json = part.bodyJson;
  if (part.tag !== undefined) out.tag = part.tag;
  if (part.assignee !== undefined) out.assignee = renderAdmin(store, part.assignee, ids);
  if (part.attachments) {
    out.attachments = part.attachments.map((file) => ({
      id: ids(file.id),
      filename: file.filename,
      mime_type: file.mimeType,
      size: file.size,
      type: "file",
    }));
  }
  return out;
}

export interface ConversationIncludes {
  user: boolean;
  channel: boolean;
  part_last: boolean;
  important_part_last: boolean;
  reply_last: boolean;
}

export function renderConversation(
  store: Store,
  conversation: ConversationRecord,
  ids: IdWriter,
  include: ConversationIncludes,
): Record<string, unknown> {
  const parts = store.parts(conversation.id);
  const replies = parts.filter((part) => part.type === "reply_user" || part.type === "reply_admin");
  const lastReply = replies.at(-1);
  const out: Record<string, unknown> = {
    id: ids(conversation.id),
    created: conversation.created,
    read: true,
    replied: conversation.replied,
    clicked: false,
    unsubscribed: false,
    closed: conversation.closed,
    delayed_until: null,
    message: conversation.message === null ? null : ids(conversation.message),
    type: conversation.type,
    reply_type: "text",
    removed: null,
    parts_count: parts.length,
    assignee: renderAdmin(store, conversation.assignee, ids),
    unread_parts_count: parts.filter(
      (part) => part.direction === "a2u" && !part.read && part.type === "reply_admin",
    ).length,
    last_admin: renderAdmin(store, conversation.lastAdmin, ids),
    last_update: conversation.lastUpdate,
    tags: [...conversation.tags],
  };
  if (lastReply) out.reply_last_type = lastReply.type;
  if (include.user) {
    const user = store.users.get(conversation.user);
    if (user) out.user = renderUser(store, user, ids, { props: true, presence: true });
  }
  if (include.channel) {
    const channel = conversation.channel === null ? undefined : store.channels.get(conversation.channel);
    out.channel = channel ? renderChannel(store, channel, ids, CHANNEL_BASICS) : null;
  }
  const last = parts.at(-1);
  if (include.part_last && last) out.part_last = renderPart(store, last, ids);
  if (include.important_part_last && lastReply) out.important_part_last = renderPart(store, lastReply, ids);
  if (include.reply_last && lastReply) out.reply_last = renderPart(store, lastReply, ids);
  return out;
}

export interface UserIncludes {
  props?: boolean;
  props_custom?: boolean;
  props_events?: boolean;
  presence?: boolean;
  presence_details?: boolean;
  events?: boolean;
  segments?: boolean;
  notes?: boolean;
  tags?: boolean;
  email_status?: boolean;
  timezone_offset?: boolean;
  /** `convert_props_types=false`: property values as strings. */
  propsAsText?: boolean;
}

/** The presence a user has now: a heartbeat older than two minutes means offline. */
export function presenceOf(store: Store, user: UserRecord): UserRecord["presence"] {
  if (user.lastHeartbeat === null || store.now() - user.lastHeartbeat > 120) return "offline";
  return user.presence;
}

export function renderUser(
  store: Store,
  user: UserRecord,
  ids: IdWriter,
  include: UserIncludes,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: ids(user.id),
    app: ids(user.app),
    user_id: user.userId,
    removed: null,
    map_url: null,
  };
  const presence = presenceOf(store, user);
  if (include.presence) out.presence = presence;
  if (include.presence_details && presence !== "offline" && user.session) {
    out.presence_details = {
      page: user.session.page ?? "",
      url: user.session.url ?? "",
      session_started: user.session.started,
      presence,
    };
  }
  const system: Record<string, PropValue | string> = {};
  const custom: Record<string, PropValue | string> = {};
  for (const [key, value] of Object.entries(user.props)) {
    const written = include.propsAsText ? propText(value) : value;
    if (key.startsWith("$")) system[key] = written;
    else custom[key] = written;
  }
  if (include.props) out.props = system;
  if (include.props_custom) out.props_custom = custom;
  const stats = eventStats(store, user);
  if (include.props_events) {
    const events: Record<string, PropValue> = {};
    for (const stat of stats) {
      events[`$event_${stat.typeId}_first`] = isoTime(stat.first);
      events[`$event_${stat.typeId}_last`] = isoTime(stat.last);
      events[`$event_${stat.typeId}_count`] = stat.count;
    }
    out.props_events = events;
  }
  if (include.events) {
    out.events = Object.fromEntries(
      stats.map((stat) => [
        stat.typeId,
        {
          event_type: eventTypeObject(store, stat.typeId, ids),
          first: stat.first,
          last: stat.last,
          count: stat.count,
        },
      ]),
    );
  }
  if (include.segments) out.segments = [];
  if (include.notes) out.notes = [];
  if (include.tags) out.tags = [];
  if (include.email_status) {
    out.email_status =
      typeof user.props.$email === "string"
        ? {
            id: ids(user.id),
            app: ids(user.app),
            status: "confirmed",
            updated: new Date(user.created * 1000).toISOString(),
          }
        : null;
  }
  if (include.timezone_offset) out.timezone_offset = null;
  return out;
}

function propText(value: PropValue): string {
  return Array.isArray(value) ? JSON.stringify(value) : String(value);
}

/** `YYYY-MM-DDTHH:MM:SS`, the datetime form of user properties. */
export function isoTime(seconds: number): string {
  return new Date(Math.floor(seconds) * 1000).toISOString().slice(0, 19);
}

function eventStats(store: Store, user: UserRecord) {
  const stats = new Map<string, { typeId: string; first: number; last: number; count: number }>();
  for (const event of store.eventsByUser.get(user.id) ?? []) {
    const stat = stats.get(event.type);
    if (stat) {
      stat.last = event.created;
      stat.count += 1;
    } else {
      stats.set(event.type, { typeId: event.type, first: event.created, last: event.created, count: 1 });
    }
  }
  return [...stats.values()];
}

function eventTypeObject(store: Store, typeId: string, ids: IdWriter): Record<string, unknown> {
  const type = store.eventTypes.get(typeId);
  return { id: ids(typeId), name: type?.name ?? "", score: 0, visible: true, active: true };
}

export function renderEvent(
  store: Store,
  event: EventRecord,
  ids: IdWriter,
  propsAsText = false,
): Record<string, unknown> {
  const props = propsAsText
    ? Object.fromEntries(
        Object.entries(event.props).map(([key, value]) => [
          key,
          typeof value === "string" ? value : JSON.stringify(value),
        ]),
      )
    : event.props;
  return {
    id: ids(event.id),
    created: event.created,
    type: eventTypeObject(store, event.type, ids),
    user: ids(event.user),
    props,
  };
}

export interface ChannelIncludes {
  auto_set: boolean;
  auto_set_settings: boolean;
  droppable: boolean;
  not_assigned_count: boolean;
  not_read_count: boolean;
  operators: boolean;
  priority: boolean;
}

const CHANNEL_BASICS: ChannelIncludes = {
  auto_set: false,
  auto_set_settings: false,
  droppable: false,
  not_assigned_count: false,
  not_read_count: false,
  operators: false,
  priority: false,
};

export function renderChannel(
  store: Store,
  channel: ChannelRecord,
  ids: IdWriter,
  include: ChannelIncludes,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: ids(channel.id),
    name: channel.name,
    avatar: null,
    type: channel.type,
    read_permission: true,
  };
  const open = () =>
    [...store.conversations.values()].filter(
      (one) => one.channel === channel.id && !one.closed && one.replied,
    );
  if (include.droppable) out.droppable = true;
  if (include.operators) {
    out.operators = channel.operators.flatMap((id) => {
      const admin = renderAdmin(store, id, ids);
      return admin ? [admin] : [];
    });
  }
  if (include.not_assigned_count)
    out.not_assigned_count = open().filter((one) => one.assignee === null).length;
  // "Unread" here: open conversations whose last reply is the visitor's (the sandbox tracks no operator reads).
  if (include.not_read_count) {
    out.not_read_count = open().filter(
      (one) => store.parts(one.id).findLast(isReply)?.type === "reply_user",
    ).length;
  }
  if (include.priority) out.priority = channel.priority;
  if (include.auto_set) out.auto_set = false;
  if (include.auto_set_settings) out.auto_set_settings = null;
  return out;
}

function isReply(part: PartRecord): boolean {
  return part.type === "reply_user" || part.type === "reply_admin";
}
