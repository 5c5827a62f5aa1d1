// Compiled against types generated from the published spec with openapi-typescript.
import type { components, paths } from "./schema.js";

type Conversation = components["schemas"]["Conversation"];
type Reply = paths["/conversations/{id}/reply"]["post"]["requestBody"];

export const conversationId = (conversation: Conversation): Conversation["id"] => conversation.id;
export type ReplyBody = NonNullable<Reply>["content"]["application/x-www-form-urlencoded"];
