import { appHandlers } from "./apps.ts";
import type { Handler } from "./context.ts";
import { conversationHandlers } from "./conversations.ts";
import { userHandlers } from "./users.ts";

/** Every operation of the spec, by `operationId`. A test checks that none is missing. */
export const handlers: Readonly<Record<string, Handler>> = {
  ...appHandlers,
  ...conversationHandlers,
  ...userHandlers,
};
