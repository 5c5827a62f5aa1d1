// What the sandbox stores. Every ID is a decimal string (64-bit IDs do not fit a JS number); times are
// seconds since the epoch, as Dashly writes them. A snapshot is these records as JSON.

/** A user property's value, as Dashly types them. */
export type PropValue = string | number | boolean | string[];

export interface AppRecord {
  id: string;
  name: string;
}

export interface AdminRecord {
  id: string;
  app: string;
  name: string;
  /** `admin` for a person, `bot` for a bot. */
  type: "admin" | "bot";
  avatar: string;
}

export interface ChannelRecord {
  id: string;
  app: string;
  name: string;
  type: string;
  priority: number;
  operators: string[];
}

export interface UserRecord {
  id: string;
  app: string;
  /** Your own User ID (`by_user_id`), if set. */
  userId: string | null;
  created: number;
  /** System (`$name`) and custom properties together; they are split when written out. */
  props: Record<string, PropValue>;
  presence: "online" | "idle" | "offline";
  /** When the last heartbeat came (setpresence); presence turns offline two minutes after it. */
  lastHeartbeat: number | null;
  session: { id: string | null; started: number; page: string | null; url: string | null } | null;
}

export interface EventTypeRecord {
  id: string;
  app: string;
  name: string;
}

export interface EventRecord {
  id: string;
  user: string;
  type: string;
  created: number;
  props: Record<string, unknown>;
}

/** Who wrote a part: the conversation's user, an admin of the app, or the app's default admin. */
export type Author = { kind: "user"; id: string } | { kind: "admin"; id: string } | { kind: "default_admin" };

export interface AttachmentRecord {
  id: string;
  filename: string;
  mimeType: string;
  size: number;
}

export interface PartRecord {
  id: string;
  conversation: string;
  partGroup: string;
  created: number;
  type: string;
  body: string;
  bodyJson?: Record<string, unknown>;
  direction: "u2a" | "a2u";
  from: Author;
  sentVia: string;
  randomId: number;
  /** Read by the visitor. */
  read: boolean;
  first?: true;
  tag?: string;
  /** The admin an `assigned` part assigned (null: unassigned). */
  assignee?: string | null;
  attachments?: AttachmentRecord[];
  externalId?: string;
}

export interface ConversationRecord {
  id: string;
  app: string;
  user: string;
  created: number;
  type: string;
  closed: boolean;
  /** Shown in the Inbox: the visitor wrote at least once. */
  replied: boolean;
  assignee: string | null;
  lastAdmin: string | null;
  tags: string[];
  channel: string | null;
  /** The manual message that started it, if any. */
  message: string | null;
  lastUpdate: number;
  typing: { author: Author; body: string; at: number } | null;
}

/** The whole state, as a snapshot holds it. */
export interface StateSnapshot {
  version: 1;
  nextId: string;
  clockOffsetMs: number;
  lastTime: number;
  apps: AppRecord[];
  admins: AdminRecord[];
  channels: ChannelRecord[];
  users: UserRecord[];
  eventTypes: EventTypeRecord[];
  events: EventRecord[];
  conversations: ConversationRecord[];
  parts: PartRecord[];
}
