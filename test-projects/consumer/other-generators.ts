// Compiled against what two other generators of the field emit from the published spec: teams generate
// their own clients, and a body typed `unknown` (or `unknown & {...}`) lets anything through.
import type {
  PageMeta as HeyPageMeta,
  ConversationReply as HeyReply,
  StartConversation as HeyStart,
} from "./hey-api/types.gen.js";
import type { ConversationReply as StaReply, StartConversation as StaStart } from "./sta/Api.js";

export const heyReply: HeyReply = { body: "Thanks, we are on it", from_admin: "default_admin" };
// @ts-expect-error: a reply needs a body or an attachment
export const heyEmptyReply: HeyReply = { from_admin: "default_admin" };
// @ts-expect-error: a body is an object of form fields
export const heyNumberReply: HeyReply = 42;
export const heyStart: HeyStart = { body: "Hello" };
// @ts-expect-error: a first message needs a body, or a file with its name
export const heyEmptyStart: HeyStart = { referrer: "https://example.com" };
export const heyV2Page: HeyPageMeta = {
  status: 200,
  next_before_position: [1684739969.358085, "1160406004324630614"],
};

export const staReply: StaReply = { body: "Thanks, we are on it" };
// @ts-expect-error: a reply needs a body or an attachment
export const staEmptyReply: StaReply = {};
export const staStart: StaStart = { body: "Hello" };
// @ts-expect-error: a first message needs a body, or a file with its name
export const staEmptyStart: StaStart = {};
