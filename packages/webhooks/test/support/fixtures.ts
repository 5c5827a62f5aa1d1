/** The token the tests configure; every error message is checked not to contain it. */
export const TOKEN = "5f0c2a4e-9d1b-4c3e-8f7a-2b6d9e1c4a70";

/**
 * The chat delivery from Dashly's help article (help.dashly.io/article/14), field for field: `conversation`
 * is the JSON text exactly as the docs print it, and the docs' token is "xxx".
 */
export const DOCS_CHAT_CONVERSATION =
  '{"direction": "u2a", "conversation_closed": false, "conversation_tags": [], "type": "reply_user", "id": 78183798, "body": "ewfwfwef", "assignee": {"type": "admin", "name": "inkov", "avatar": "https://files.dashly.io/avatars/default-v2.png", "id": 111}, "sent_via": "web_user", "created": 1492604036, "random_id": 132466821, "conversation": 64558819, "from": 85648207}';
export const DOCS_TOKEN = "xxx";
/** The same, with a part ID past 2^53, as most real part IDs are. */
export const DOCS_CHAT_CONVERSATION_64BIT_ID = DOCS_CHAT_CONVERSATION.replace(
  '"id": 78183798',
  '"id": 1160406004324630614',
);
export const DOCS_CHAT_BODY = form({
  conversation: DOCS_CHAT_CONVERSATION,
  type: "conversation",
  token: DOCS_TOKEN,
});

/** A url-encoded form body, fields in the order given. */
export function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** The spec's `cart` example of an event delivery, with the JSON fields as Dashly writes them. */
export const EVENT_USER_JSON =
  '{"id":85648207,"app":3,"user_id":"27384","presence":"online","props":{"$name":"Alex","$email":"alex@example.com"}}';
export const EVENT_JSON =
  '{"id":1160406004324630614,"created":1684923942.123456,"type":{"id":4271,"name":"Added to cart","score":0,"visible":true},"user":85648207,"props":{"items":3}}';
