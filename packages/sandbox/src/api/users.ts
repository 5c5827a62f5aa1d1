import { addPart, createConversation } from "../state/chat.ts";
import { applyPropOperations, type PropOperation } from "../state/prop-operations.ts";
import { ApiError, flag, type Handler, requireUser } from "./context.ts";
import { conversationPage } from "./conversation-page.ts";
import { byId, pageOf } from "./paging.ts";
import { isoTime, renderEvent, renderUser } from "./render.ts";

/** The docs disagree on an unknown User ID here (created, or LookupError); the sandbox answers LookupError. */
const getUser: Handler = (context) => {
  const user = requireUser(context, { create: false });
  const q = context.query;
  return {
    data: renderUser(context.world.store, user, context.ids, {
      props: flag(q.props, true),
      props_custom: flag(q.props_custom, false),
      props_events: flag(q.props_events, false),
      presence: true,
      presence_details: flag(q.presence_details, false),
      events: flag(q.events, false),
      segments: flag(q.segments, false),
      notes: flag(q.notes, false),
      tags: flag(q.tags, false),
      email_status: flag(q.email_status, false),
      timezone_offset: flag(q.timezone_offset, false),
      propsAsText: q.convert_props_types === false,
    }),
  };
};

const listUserEvents: Handler = (context) => {
  const user = requireUser(context, { create: false });
  const { store } = context.world;
  const name = typeof context.query.filter_name === "string" ? context.query.filter_name : undefined;
  const newestFirst = [...(store.eventsByUser.get(user.id) ?? [])]
    .filter((event) => name === undefined || store.eventTypes.get(event.type)?.name === name)
    .reverse();
  const { page, meta } = pageOf(context, byId(context, newestFirst));
  const asText = flag(context.query.props_as_string, false);
  return { data: page.map((event) => renderEvent(store, event, context.ids, asText)), meta };
};

/** Answers the whole Event (the newer docs); the older `{id}` is a subset of it. */
const trackUserEvent: Handler = (context) => {
  const user = requireUser(context, { create: true });
  const { store } = context.world;
  const event = {
    id: store.newId(),
    user: user.id,
    type: store.eventType(user.app, String(context.body.event)).id,
    created: typeof context.body.created === "number" ? context.body.created : store.stamp(),
    props: (context.body.params as Record<string, unknown> | undefined) ?? {},
  };
  store.addEvent(event);
  return { data: renderEvent(store, event, context.ids) };
};

const listUserConversations: Handler = (context) => {
  const user = requireUser(context, { create: false });
  const { store } = context.world;
  const q = context.query;
  const repliesOnly = flag(q.with_user_replies_only, false);
  const rows = [...store.conversations.values()]
    .filter((one) => one.user === user.id)
    .filter((one) => !repliesOnly || store.parts(one.id).some((part) => part.type === "reply_user"));
  return conversationPage(context, rows);
};

const setUserProps: Handler = (context) => {
  const user = requireUser(context, { create: true });
  const operations = context.body.operations as PropOperation[];
  const outcome = applyPropOperations(user.props, operations, {
    parseCustomTypes: flag(context.body.parse_custom_props_type, true),
  });
  const userId = user.props.$user_id;
  if (outcome.affected_props.includes("$user_id")) {
    const taken = typeof userId === "string" ? context.world.store.userByUserId(user.app, userId) : undefined;
    if (taken && taken !== user)
      throw new ApiError(400, "BadRequest", "$user_id is already another user's User ID");
    context.world.store.setUserId(user, typeof userId === "string" ? userId : null);
  }
  return { data: {}, meta: { ...outcome } };
};

const setUserPresence: Handler = (context) => {
  const user = requireUser(context, { create: false });
  const { store } = context.world;
  const body = context.body;
  const now = store.now();
  const session = typeof body.session === "string" ? body.session : null;
  const sameSession =
    user.session !== null &&
    user.lastHeartbeat !== null &&
    now - user.lastHeartbeat <= 120 &&
    user.session.id === session;
  user.presence = body.presence === "idle" ? "idle" : "online";
  user.lastHeartbeat = now;
  user.session = {
    id: session,
    started: sameSession && user.session ? user.session.started : now,
    page: typeof body.current_page === "string" ? body.current_page : (user.session?.page ?? null),
    url: typeof body.current_url === "string" ? body.current_url : (user.session?.url ?? null),
  };
  user.props.$last_seen = isoTime(now);
  return { data: {} };
};

const sendUserMessage: Handler = (context) => {
  const user = requireUser(context, { create: false });
  const { store } = context.world;
  const message = store.newId();
  const conversation = createConversation(context.world, user, {
    type: String(context.body.type ?? "popup_chat"),
    message,
  });
  addPart(context.world, conversation, {
    type: "reply_admin",
    from: { kind: "default_admin" },
    body: String(context.body.body),
    sentVia: "message_manual",
  });
  return { data: { conversation: context.ids(conversation.id), message: context.ids(message) } };
};

const startUserConversation: Handler = (context) => {
  const user = requireUser(context, { create: true });
  const body = context.body;
  const conversation = createConversation(context.world, user);
  const file = body.file instanceof File ? body.file : undefined;
  addPart(context.world, conversation, {
    type: "reply_user",
    from: { kind: "user", id: user.id },
    body: typeof body.body === "string" ? body.body : "",
    randomId: typeof body.random_id === "number" ? body.random_id : 0,
    attachments: file
      ? [
          {
            id: context.world.store.newId(),
            filename: String(body.filename),
            mimeType: file.type || "application/octet-stream",
            size: file.size,
          },
        ]
      : undefined,
  });
  return { data: { id: context.ids(conversation.id) } };
};

export const userHandlers: Record<string, Handler> = {
  getUser,
  listUserEvents,
  trackUserEvent,
  listUserConversations,
  setUserProps,
  setUserPresence,
  sendUserMessage,
  startUserConversation,
};
