import type { SandboxEvents } from "../sandbox-events.ts";
import type { Author, ConversationRecord, PartRecord, UserRecord } from "./records.ts";
import type { Store } from "./store.ts";

/** The store and the bus its writes are announced on. */
export interface World {
  store: Store;
  events: SandboxEvents;
}

/** A new user of `app`; `userId` is your own User ID, if any. */
export function createUser(
  world: World,
  app: string,
  userId: string | null,
  props: UserRecord["props"] = {},
): UserRecord {
  const { store } = world;
  const user: UserRecord = {
    id: store.newId(),
    app,
    userId,
    created: store.stamp(),
    props: userId === null ? { ...props } : { $user_id: userId, ...props },
    presence: "offline",
    lastHeartbeat: null,
    session: null,
  };
  store.addUser(user);
  return user;
}

/** A new, empty conversation of `user`. */
export function createConversation(
  world: World,
  user: UserRecord,
  options: { type?: string; message?: string | null } = {},
): ConversationRecord {
  const { store } = world;
  const created = store.stamp();
  const channel = [...store.channels.values()].find((one) => one.app === user.app);
  const conversation: ConversationRecord = {
    id: store.newId(),
    app: user.app,
    user: user.id,
    created,
    type: options.type ?? "popup_chat",
    closed: false,
    replied: false,
    assignee: null,
    lastAdmin: null,
    tags: [],
    channel: channel?.id ?? null,
    message: options.message ?? null,
    lastUpdate: created,
    typing: null,
  };
  store.addConversation(conversation);
  world.events.emit({ type: "conversation", conversation });
  return conversation;
}

export interface NewPart {
  type: string;
  from: Author;
  body?: string;
  bodyJson?: Record<string, unknown>;
  sentVia?: string;
  randomId?: number;
  tag?: string;
  assignee?: string | null;
  attachments?: PartRecord["attachments"];
  externalId?: string;
  partGroup?: string;
}

/**
 * Adds a part and keeps the conversation in step: `last_update`, `replied` (the visitor wrote), the last
 * admin, the state an `assigned`, `tag_*` or `closed` part records, and a reply reopens a closed one.
 * Announces the part (the webhook dispatcher and the SSE stream listen) and the conversation, unless
 * `quiet` (seeded history fires no webhook).
 */
export function addPart(
  world: World,
  conversation: ConversationRecord,
  input: NewPart,
  options: { quiet?: boolean } = {},
): PartRecord {
  const { store } = world;
  const id = store.newId();
  const fromUser = input.from.kind === "user";
  const part: PartRecord = {
    id,
    conversation: conversation.id,
    partGroup: input.partGroup ?? id,
    created: store.stamp(),
    type: input.type,
    body: input.body ?? "",
    direction: fromUser ? "u2a" : "a2u",
    from: input.from,
    sentVia: input.sentVia ?? (fromUser ? "web_user" : "web_panel"),
    randomId: input.randomId ?? 0,
    read: fromUser,
  };
  if (store.parts(conversation.id).length === 0) part.first = true;
  if (input.bodyJson) part.bodyJson = input.bodyJson;
  if (input.tag !== undefined) part.tag = input.tag;
  if (input.assignee !== undefined) part.assignee = input.assignee;
  if (input.attachments) part.attachments = input.attachments;
  if (input.externalId !== undefined) part.externalId = input.externalId;
  store.addPart(part);

  conversation.lastUpdate = part.created;
  conversation.typing = null;
  if (input.type === "reply_user") conversation.replied = true;
  if (input.from.kind === "admin") conversation.lastAdmin = input.from.id;
  if (input.type === "assigned") conversation.assignee = input.assignee ?? null;
  if (input.type === "tag_added" && input.tag !== undefined) conversation.tags.push(input.tag);
  if (input.type === "tag_deleted") conversation.tags = conversation.tags.filter((tag) => tag !== input.tag);
  if (input.type === "closed") conversation.closed = true;
  if (input.type === "reply_user" || input.type === "reply_admin") conversation.closed = false;

  if (!options.quiet) {
    world.events.emit({ type: "part", part });
    world.events.emit({ type: "conversation", conversation });
  }
  return part;
}
