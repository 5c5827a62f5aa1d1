import type {
  AdminRecord,
  AppRecord,
  ChannelRecord,
  ConversationRecord,
  EventRecord,
  EventTypeRecord,
  PartRecord,
  StateSnapshot,
  UserRecord,
} from "./records.ts";

/** The first ID the sandbox hands out: above 2^53, like real Dashly IDs, so that `id_as_string` matters. */
export const FIRST_ID = 1160406004324630614n;

/**
 * The sandbox's memory: records by ID plus the indexes the API's lookups need. Times come from a clock the
 * control API can move forward, and are strictly increasing (a microsecond apart at least), so that a
 * timestamp cursor names one row exactly.
 */
export class Store {
  readonly apps = new Map<string, AppRecord>();
  readonly admins = new Map<string, AdminRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  readonly users = new Map<string, UserRecord>();
  readonly eventTypes = new Map<string, EventTypeRecord>();
  readonly conversations = new Map<string, ConversationRecord>();
  /** Events of each user, oldest first. */
  readonly eventsByUser = new Map<string, EventRecord[]>();
  /** Parts of each conversation, oldest first. */
  readonly partsByConversation = new Map<string, PartRecord[]>();
  private readonly usersByUserId = new Map<string, string>();
  private readonly eventTypesByName = new Map<string, string>();
  private nextId = FIRST_ID;
  private clockOffsetMs = 0;
  private lastTime = 0;

  /** A fresh ID. */
  newId(): string {
    const id = this.nextId;
    this.nextId += 1n;
    return id.toString();
  }

  /** Takes an ID chosen from outside (fixtures), so that no later fresh ID repeats it. */
  reserveId(id: string): string {
    if (!/^[1-9][0-9]{0,19}$/.test(id))
      throw new TypeError(`@dashly/sandbox: ${JSON.stringify(id)} is not a Dashly ID`);
    const value = BigInt(id);
    if (value >= this.nextId) this.nextId = value + 1n;
    return id;
  }

  /** The sandbox's time in seconds (the real clock plus what the control API advanced). */
  now(): number {
    return (Date.now() + this.clockOffsetMs) / 1000;
  }

  /** A timestamp for a new record: now, and later than every earlier one. */
  stamp(): number {
    const now = Math.round(this.now() * 1e6) / 1e6;
    this.lastTime = now > this.lastTime ? now : Math.round((this.lastTime + 1e-6) * 1e6) / 1e6;
    return this.lastTime;
  }

  /** Moves the clock forward (presence expiry, rate-limit windows and new timestamps follow). */
  advanceClock(ms: number): void {
    this.clockOffsetMs += ms;
  }

  get clockOffset(): number {
    return this.clockOffsetMs;
  }

  addUser(user: UserRecord): void {
    this.users.set(user.id, user);
    if (user.userId !== null) this.usersByUserId.set(`${user.app}\0${user.userId}`, user.id);
  }

  /** Sets (or clears) a user's own User ID, keeping the index in step. */
  setUserId(user: UserRecord, userId: string | null): void {
    if (user.userId !== null) this.usersByUserId.delete(`${user.app}\0${user.userId}`);
    user.userId = userId;
    if (userId !== null) this.usersByUserId.set(`${user.app}\0${userId}`, user.id);
  }

  userByUserId(app: string, userId: string): UserRecord | undefined {
    const id = this.usersByUserId.get(`${app}\0${userId}`);
    return id === undefined ? undefined : this.users.get(id);
  }

  /** The app's event type of that name, created on first use. */
  eventType(app: string, name: string): EventTypeRecord {
    const id = this.eventTypesByName.get(`${app}\0${name}`);
    const existing = id === undefined ? undefined : this.eventTypes.get(id);
    if (existing) return existing;
    const created = { id: this.newId(), app, name };
    this.addEventType(created);
    return created;
  }

  private addEventType(type: EventTypeRecord): void {
    this.eventTypes.set(type.id, type);
    this.eventTypesByName.set(`${type.app}\0${type.name}`, type.id);
  }

  addEvent(event: EventRecord): void {
    const list = this.eventsByUser.get(event.user);
    if (list) list.push(event);
    else this.eventsByUser.set(event.user, [event]);
  }

  addConversation(conversation: ConversationRecord): void {
    this.conversations.set(conversation.id, conversation);
    if (!this.partsByConversation.has(conversation.id)) this.partsByConversation.set(conversation.id, []);
  }

  addPart(part: PartRecord): void {
    const list = this.partsByConversation.get(part.conversation);
    if (list) list.push(part);
    else this.partsByConversation.set(part.conversation, [part]);
  }

  parts(conversation: string): PartRecord[] {
    return this.partsByConversation.get(conversation) ?? [];
  }

  /** Forgets everything (the clock offset too). */
  clear(): void {
    for (const map of [
      this.apps,
      this.admins,
      this.channels,
      this.users,
      this.eventTypes,
      this.conversations,
      this.eventsByUser,
      this.partsByConversation,
      this.usersByUserId,
      this.eventTypesByName,
    ]) {
      map.clear();
    }
    this.nextId = FIRST_ID;
    this.clockOffsetMs = 0;
    this.lastTime = 0;
  }

  snapshot(): StateSnapshot {
    return {
      version: 1,
      nextId: this.nextId.toString(),
      clockOffsetMs: this.clockOffsetMs,
      lastTime: this.lastTime,
      apps: [...this.apps.values()],
      admins: [...this.admins.values()],
      channels: [...this.channels.values()],
      users: [...this.users.values()],
      eventTypes: [...this.eventTypes.values()],
      events: [...this.eventsByUser.values()].flat(),
      conversations: [...this.conversations.values()],
      parts: [...this.partsByConversation.values()].flat(),
    };
  }

  /** Replaces the state with a snapshot's. */
  restore(snapshot: StateSnapshot): void {
    assertSnapshot(snapshot);
    this.clear();
    this.nextId = BigInt(snapshot.nextId);
    this.clockOffsetMs = snapshot.clockOffsetMs;
    this.lastTime = snapshot.lastTime;
    for (const app of snapshot.apps) this.apps.set(app.id, app);
    for (const admin of snapshot.admins) this.admins.set(admin.id, admin);
    for (const channel of snapshot.channels) this.channels.set(channel.id, channel);
    for (const user of snapshot.users) this.addUser(user);
    for (const type of snapshot.eventTypes) this.addEventType(type);
    for (const event of snapshot.events) this.addEvent(event);
    for (const conversation of snapshot.conversations) this.addConversation(conversation);
    for (const part of snapshot.parts) this.addPart(part);
  }
}

const SNAPSHOT_LISTS = [
  "apps",
  "admins",
  "channels",
  "users",
  "eventTypes",
  "events",
  "conversations",
  "parts",
] as const;

/** Checks the outline of a snapshot before anything is replaced, so that a bad one loses nothing. */
function assertSnapshot(snapshot: StateSnapshot): void {
  const fail = (what: string) => {
    throw new TypeError(`@dashly/sandbox: not a sandbox snapshot (${what})`);
  };
  if (typeof snapshot !== "object" || snapshot === null || snapshot.version !== 1) fail("version 1 expected");
  if (typeof snapshot.nextId !== "string" || !/^[1-9][0-9]{0,19}$/.test(snapshot.nextId)) fail("nextId");
  if (!Number.isFinite(snapshot.clockOffsetMs) || !Number.isFinite(snapshot.lastTime))
    fail("clockOffsetMs, lastTime");
  for (const list of SNAPSHOT_LISTS) if (!Array.isArray(snapshot[list])) fail(`${list} must be a list`);
}
