import { addPart, createConversation, createUser, type World } from "./chat.ts";
import type { PropValue, UserRecord } from "./records.ts";

/** Data to load into the sandbox (`seed()`, `POST /_sandbox/seed`, `--fixtures FILE`). IDs are strings. */
export interface Fixtures {
  /** Other apps (their data answers 403 to the sandbox's tokens). */
  apps?: Array<{ id: string; name?: string }>;
  admins?: Array<{ id?: string; app?: string; name: string; type?: "admin" | "bot" }>;
  users?: Array<{ id?: string; app?: string; userId?: string; props?: Record<string, PropValue> }>;
  events?: Array<{ user: string; name: string; props?: Record<string, unknown> }>;
  conversations?: Array<{
    id?: string;
    /** The user's Dashly ID, or their own User ID. */
    user: string;
    tags?: string[];
    closed?: boolean;
    assignee?: string;
    parts?: Array<{ from: "user" | "admin"; body: string; adminId?: string }>;
  }>;
}

/** What a seed added. */
export interface SeedResult {
  apps: number;
  admins: number;
  users: number;
  events: number;
  conversations: number;
  parts: number;
}

const DEFAULT_AVATAR = "https://files.dashly.app/avatars/default-v2.png";

/** The defaults every reset starts from: the app, an operator, a bot and a channel. */
export function seedDefaults(world: World): { app: string; operator: string; bot: string } {
  const { store } = world;
  const app = store.newId();
  store.apps.set(app, { id: app, name: "Sandbox app" });
  const admin = (name: string, type: "admin" | "bot") => {
    const id = store.newId();
    store.admins.set(id, { id, app, name, type, avatar: DEFAULT_AVATAR });
    return id;
  };
  const operator = admin("Sandbox operator", "admin");
  const bot = admin("Sandbox bot", "bot");
  const channel = store.newId();
  store.channels.set(channel, {
    id: channel,
    app,
    name: "Website chat",
    type: "manual",
    priority: 0,
    operators: [operator, bot],
  });
  return { app, operator, bot };
}

/** Loads fixtures into the state (no webhook fires for seeded parts). Throws a TypeError naming a bad entry. */
export function loadFixtures(world: World, fixtures: Fixtures, mainApp: string): SeedResult {
  if (typeof fixtures !== "object" || fixtures === null)
    throw new TypeError("@dashly/sandbox: fixtures must be an object");
  const { store } = world;
  const result: SeedResult = { apps: 0, admins: 0, users: 0, events: 0, conversations: 0, parts: 0 };
  for (const app of fixtures.apps ?? []) {
    store.apps.set(store.reserveId(app.id), { id: app.id, name: app.name ?? `App ${app.id}` });
    result.apps += 1;
  }
  for (const admin of fixtures.admins ?? []) {
    const id = admin.id === undefined ? store.newId() : store.reserveId(admin.id);
    store.admins.set(id, {
      id,
      app: appOf(world, admin.app, mainApp),
      name: admin.name,
      type: admin.type ?? "admin",
      avatar: DEFAULT_AVATAR,
    });
    result.admins += 1;
  }
  for (const [index, entry] of (fixtures.users ?? []).entries()) {
    const app = appOf(world, entry.app, mainApp);
    if (entry.userId !== undefined && store.userByUserId(app, entry.userId)) {
      throw new TypeError(`@dashly/sandbox: fixtures.users[${index}]: User ID ${entry.userId} is taken`);
    }
    const user = createUser(world, app, entry.userId ?? null, entry.props ?? {});
    if (entry.id !== undefined) {
      store.users.delete(user.id);
      user.id = store.reserveId(entry.id);
      store.addUser(user);
    }
    result.users += 1;
  }
  for (const [index, entry] of (fixtures.events ?? []).entries()) {
    const user = findUser(world, entry.user, mainApp, `fixtures.events[${index}]`);
    store.addEvent({
      id: store.newId(),
      user: user.id,
      type: store.eventType(user.app, entry.name).id,
      created: store.stamp(),
      props: entry.props ?? {},
    });
    result.events += 1;
  }
  for (const [index, entry] of (fixtures.conversations ?? []).entries()) {
    const where = `fixtures.conversations[${index}]`;
    const user = findUser(world, entry.user, mainApp, where);
    const conversation = createConversation(world, user);
    if (entry.id !== undefined) {
      store.conversations.delete(conversation.id);
      store.partsByConversation.delete(conversation.id);
      conversation.id = store.reserveId(entry.id);
      store.addConversation(conversation);
    }
    for (const part of entry.parts ?? []) {
      const from =
        part.from === "user"
          ? ({ kind: "user", id: user.id } as const)
          : ({ kind: "admin", id: adminOf(world, part.adminId, user.app, where) } as const);
      addPart(
        world,
        conversation,
        { type: part.from === "user" ? "reply_user" : "reply_admin", from, body: part.body },
        { quiet: true },
      );
      result.parts += 1;
    }
    for (const tag of entry.tags ?? []) if (!conversation.tags.includes(tag)) conversation.tags.push(tag);
    if (entry.assignee !== undefined) conversation.assignee = adminOf(world, entry.assignee, user.app, where);
    if (entry.closed) conversation.closed = true;
    result.conversations += 1;
  }
  return result;
}

function appOf(world: World, app: string | undefined, mainApp: string): string {
  if (app === undefined) return mainApp;
  if (!world.store.apps.has(app))
    throw new TypeError(`@dashly/sandbox: fixtures name app ${app}, which is not in fixtures.apps`);
  return app;
}

function findUser(world: World, ref: string, mainApp: string, where: string): UserRecord {
  const user = world.store.users.get(ref) ?? world.store.userByUserId(mainApp, ref);
  if (!user)
    throw new TypeError(
      `@dashly/sandbox: ${where}: no user ${ref} (give a Dashly ID or a User ID of fixtures.users)`,
    );
  return user;
}

function adminOf(world: World, id: string | undefined, app: string, where: string): string {
  const admin =
    id === undefined
      ? [...world.store.admins.values()].find((one) => one.app === app && one.type === "admin")
      : world.store.admins.get(id);
  if (!admin) throw new TypeError(`@dashly/sandbox: ${where}: no admin ${id ?? "in the app"}`);
  return admin.id;
}
