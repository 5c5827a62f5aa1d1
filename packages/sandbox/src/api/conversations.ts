import { addPart } from "../state/chat.ts";
import type { Author, ConversationRecord, PartRecord } from "../state/records.ts";
import {
  ApiError,
  authorFromAdmin,
  type CallContext,
  type Handler,
  requireAdmin,
  requireConversation,
} from "./context.ts";
import { conversationIncludes } from "./conversation-page.ts";
import { byId, pageOf } from "./paging.ts";
import { renderConversation, renderPart } from "./render.ts";

const getConversation: Handler = (context) => {
  const conversation = requireConversation(context);
  return {
    data: renderConversation(
      context.world.store,
      conversation,
      context.ids,
      conversationIncludes(context.query, true),
    ),
  };
};

const listConversationParts: Handler = (context) => {
  const conversation = requireConversation(context);
  const { store } = context.world;
  const { page, meta } = pageOf(context, byId(context, [...store.parts(conversation.id)].reverse()));
  return { data: page.map((part) => renderPart(store, part, context.ids)), meta };
};

/** The author of a `reply` or `settyping`: the visitor with `from_user`, else an admin (default: the default admin). */
function replyAuthor(context: CallContext, conversation: ConversationRecord): Author {
  const fromUser = context.body.from_user;
  if (fromUser === undefined) return authorFromAdmin(context, context.body.from_admin);
  const user = String(fromUser);
  if (user !== "true" && user !== "default_user" && user !== conversation.user) {
    throw new ApiError(400, "BadRequest", "from_user must be the conversation's visitor");
  }
  return { kind: "user", id: conversation.user };
}

const replyToConversation: Handler = (context) => {
  const conversation = requireConversation(context);
  const body = context.body;
  const author = replyAuthor(context, conversation);
  if (body.auto_assign !== undefined && author.kind !== "user") {
    const admin = requireAdmin(context, String(body.auto_assign));
    if (conversation.assignee !== admin) {
      addPart(context.world, conversation, {
        type: "assigned",
        from: author,
        assignee: admin,
        randomId: numberOr(body.auto_assign_random_id, 0),
      });
    }
  }
  const file = body.attachment instanceof File ? body.attachment : undefined;
  const part = addPart(context.world, conversation, {
    type: author.kind === "user" ? "reply_user" : String(body.type ?? "reply_admin"),
    from: author,
    body: typeof body.body === "string" ? body.body : "",
    bodyJson: body.body_json as Record<string, unknown> | undefined,
    randomId: numberOr(body.random_id, 0),
    externalId: typeof body.external_id === "string" ? body.external_id : undefined,
    attachments: file
      ? [
          {
            id: context.world.store.newId(),
            filename: String(body.attachment_file_name ?? (file.name || "attachment")),
            mimeType: file.type || "application/octet-stream",
            size: file.size,
          },
        ]
      : undefined,
  });
  return { data: created(context, part) };
};

const markConversationRead: Handler = (context) => {
  const conversation = requireConversation(context);
  for (const part of context.world.store.parts(conversation.id)) part.read = true;
  context.world.events.emit({ type: "conversation", conversation });
  return { data: {} };
};

const setConversationTyping: Handler = (context) => {
  const conversation = requireConversation(context);
  const author = replyAuthor(context, conversation);
  conversation.typing = {
    author,
    body: typeof context.body.body === "string" ? context.body.body : "",
    at: context.world.store.now(),
  };
  context.world.events.emit({ type: "conversation", conversation });
  return { data: {} };
};

const assignConversation: Handler = (context) => {
  const conversation = requireConversation(context);
  const author = authorFromAdmin(context, context.body.from_admin);
  const admin = context.body.admin === undefined ? null : requireAdmin(context, String(context.body.admin));
  if (conversation.assignee === admin) return { data: {} };
  const part = addPart(context.world, conversation, {
    type: "assigned",
    from: author,
    assignee: admin,
    randomId: numberOr(context.body.random_id, 0),
  });
  return { data: created(context, part) };
};

/**
 * Tags follow the older (v1) docs: adding a tag already there, or removing one that is not, succeeds and
 * changes nothing (`data: {}`); otherwise a `tag_added` / `tag_deleted` part is written.
 */
function changeTag(context: CallContext, action: "add" | "delete") {
  const conversation = requireConversation(context);
  const tag = String(context.body.tag);
  const author = authorFromAdmin(context, context.body.from_admin);
  const present = conversation.tags.includes(tag);
  if (present === (action === "add")) return { data: {} };
  const part = addPart(context.world, conversation, {
    type: action === "add" ? "tag_added" : "tag_deleted",
    from: author,
    tag,
    randomId: numberOr(context.body.random_id, 0),
  });
  return { data: created(context, part) };
}

const tagConversation: Handler = (context) =>
  changeTag(context, context.body.action === "delete" ? "delete" : "add");
const untagConversation: Handler = (context) => changeTag(context, "delete");

const closeConversation: Handler = (context) => {
  const conversation = requireConversation(context);
  const author = authorFromAdmin(context, context.body.from_admin);
  if (conversation.closed) return { data: {} };
  const part = addPart(context.world, conversation, {
    type: "closed",
    from: author,
    randomId: numberOr(context.body.random_id, 0),
  });
  return { data: created(context, part) };
};

function created(context: CallContext, part: PartRecord) {
  return { id: context.ids(part.id), part_group: context.ids(part.partGroup) };
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" ? value : fallback;
}

export const conversationHandlers: Record<string, Handler> = {
  getConversation,
  listConversationParts,
  replyToConversation,
  markConversationRead,
  setConversationTyping,
  assignConversation,
  tagConversation,
  untagConversation,
  closeConversation,
};
