import type { World } from "../state/chat.ts";
import { createUser } from "../state/chat.ts";
import type { Author, ConversationRecord, UserRecord } from "../state/records.ts";
import type { IdWriter } from "./ids.ts";

/** One call of an operation: the state, the token's app, and the arguments validated against the spec. */
export interface CallContext {
  world: World;
  /** The app the token belongs to. */
  app: string;
  id: string;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  ids: IdWriter;
}

/** What an operation answers (status 200): `data` and any extra `meta` keys. */
export interface Answer {
  data: unknown;
  meta?: Record<string, unknown>;
}

export type Handler = (context: CallContext) => Answer;

/** An answer in Dashly's error envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly fields?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const lookupError = (what: string) => new ApiError(400, "LookupError", `${what} not found`);
export const permissionDenied = (what: string) =>
  new ApiError(
    403,
    "PermissionDeniedError",
    `${what} belongs to another app; this token has no rights there`,
  );

/** A boolean argument (already read with Dashly's rule) or its default. */
export function flag(value: unknown, fallback: boolean): boolean {
  return typeof value === "boolean" ? value : fallback;
}

/** `{id}` of `/apps/{id}/...`: the token's app by ID or `$self_app`; another app is 403. */
export function requireOwnApp(context: CallContext): string {
  if (context.id === "$self_app" || context.id === context.app) return context.app;
  throw permissionDenied(`App ${context.id}`);
}

/** The `app` argument, when given, must be the token's app. */
export function checkAppArgument(context: CallContext): void {
  const app = context.query.app;
  if (app !== undefined && String(app) !== context.app) throw permissionDenied(`App ${String(app)}`);
}

export function requireConversation(context: CallContext): ConversationRecord {
  const conversation = context.world.store.conversations.get(context.id);
  if (!conversation) throw lookupError(`Conversation ${context.id}`);
  if (conversation.app !== context.app) throw permissionDenied(`Conversation ${context.id}`);
  return conversation;
}

/**
 * `{id}` of `/users/{id}/...`: a Dashly ID, or with `by_user_id=true` your own User ID. An unknown User ID
 * is created where the docs say so (`create`), else it is a LookupError.
 */
export function requireUser(context: CallContext, options: { create: boolean }): UserRecord {
  checkAppArgument(context);
  const { store } = context.world;
  if (flag(context.query.by_user_id, false)) {
    const found = store.userByUserId(context.app, context.id);
    if (found) return found;
    if (options.create) return createUser(context.world, context.app, context.id);
    throw lookupError(`User with User ID ${context.id}`);
  }
  const user = store.users.get(context.id);
  if (!user) throw lookupError(`User ${context.id}`);
  if (user.app !== context.app) throw permissionDenied(`User ${context.id}`);
  return user;
}

/** `from_admin`: an admin of the app by ID, or the default admin (also when absent). */
export function authorFromAdmin(context: CallContext, fromAdmin: unknown): Author {
  if (fromAdmin === undefined || fromAdmin === "default_admin") return { kind: "default_admin" };
  return { kind: "admin", id: requireAdmin(context, String(fromAdmin)) };
}

export function requireAdmin(context: CallContext, id: string): string {
  const admin = context.world.store.admins.get(id);
  if (!admin) throw lookupError(`Admin ${id}`);
  if (admin.app !== context.app) throw permissionDenied(`Admin ${id}`);
  return id;
}
