import { DOCS_CHAT_EXAMPLE } from "../../src/testing.ts";

/** The token the tests configure; every error message is checked not to contain it. */
export const TOKEN = "5f0c2a4e-9d1b-4c3e-8f7a-2b6d9e1c4a70";

export { DOCS_CHAT_EXAMPLE, docsChatPart } from "../../src/testing.ts";

export const DOCS_CHAT_CONVERSATION = DOCS_CHAT_EXAMPLE.conversation;
export const DOCS_TOKEN = DOCS_CHAT_EXAMPLE.token;
export const DOCS_CHAT_BODY = DOCS_CHAT_EXAMPLE.body;
/** The same, with a part ID past 2^53, as most real part IDs are. */
export const DOCS_CHAT_CONVERSATION_64BIT_ID = DOCS_CHAT_CONVERSATION.replace(
  '"id": 78183798',
  '"id": 1160406004324630614',
);

/** A url-encoded form body, fields in the order given. */
export function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** The spec's `cart` example of an event delivery, with the JSON fields as Dashly writes them. */
export const EVENT_USER_JSON =
  '{"id":85648207,"app":3,"user_id":"27384","presence":"online","props":{"$name":"Alex","$email":"alex@example.com"}}';
export const EVENT_JSON =
  '{"id":1160406004324630614,"created":1684923942.123456,"type":{"id":4271,"name":"Added to cart","score":0,"visible":true},"user":85648207,"props":{"items":3}}';
