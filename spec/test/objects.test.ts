import { describe, expect, it } from "vitest";
import { type Json, spec } from "./support/spec.ts";
import { validateAt } from "./support/validator.ts";

/** The objects the docs document (objects pages and the additions of the reference). */
const documentedObjects = [
  "Admin",
  "MessageSender",
  "Attachment",
  "Channel",
  "Conversation",
  "ConversationPart",
  "EmailStatus",
  "Event",
  "EventType",
  "User",
  "UserTag",
  "Segment",
  "Note",
];

const schema = (name: string): Json => spec.components.schemas[name];
const refsOf = (node: Json): string[] =>
  [...(node.anyOf ?? []), ...(node.oneOf ?? []), node.items ?? {}, node].flatMap((member: Json) =>
    member.$ref ? [member.$ref] : [],
  );

describe("documented objects", () => {
  it("each have a named schema", () => {
    const missing = documentedObjects.filter((name) => !schema(name));
    expect(missing).toEqual([]);
  });

  it("are used where the API returns them", () => {
    const part = schema("ConversationPart").properties;
    expect(refsOf(part.from)).toContain("#/components/schemas/MessageSender");
    expect(refsOf(part.assignee)).toContain("#/components/schemas/MessageSender");
    expect(refsOf(schema("Conversation").properties.assignee)).toContain(
      "#/components/schemas/MessageSender",
    );
    const user = schema("User").properties;
    expect(refsOf(user.email_status)).toContain("#/components/schemas/EmailStatus");
    expect(refsOf(user.tags)).toContain("#/components/schemas/UserTag");
    expect(refsOf(user.segments)).toContain("#/components/schemas/Segment");
    expect(refsOf(user.notes)).toContain("#/components/schemas/Note");
    expect(refsOf(schema("Event").properties.type)).toContain("#/components/schemas/EventType");
    expect(refsOf(part.attachments)).toContain("#/components/schemas/Attachment");
  });
});

describe("MessageSender", () => {
  const sender = {
    id: "9",
    name: "Dashly team",
    email_name: "Dashly",
    is_default: true,
    is_removed: false,
    is_bot: false,
    type: "message_sender",
  };

  it("may write a part, in the slot of an Admin", () => {
    const part = { id: "1", created: 1, conversation: "2", type: "reply_admin", body: "Hi", from: sender };
    expect(validateAt("/components/schemas/ConversationPart", part)).toEqual([]);
    expect(validateAt("/components/schemas/ConversationPart", { ...part, assignee: sender })).toEqual([]);
  });

  it("has a boolean is_bot (the docs' example), not the documented string", () => {
    expect(validateAt("/components/schemas/MessageSender", sender)).toEqual([]);
    expect(validateAt("/components/schemas/MessageSender", { ...sender, is_bot: "false" })).not.toEqual([]);
    expect(validateAt("/components/schemas/MessageSender", { ...sender, type: "admin" })).not.toEqual([]);
  });
});

describe("EmailStatus", () => {
  it("takes `updated` as an ISO-8601 string, not a unix timestamp", () => {
    const status = { id: 4411, app: 3, status: "confirmed", updated: "2018-11-20T09:25:28.661001+03:00" };
    expect(validateAt("/components/schemas/EmailStatus", status)).toEqual([]);
    expect(validateAt("/components/schemas/EmailStatus", { ...status, updated: 1542695128 })).not.toEqual([]);
    expect(validateAt("/components/schemas/User", { id: "1", email_status: status })).toEqual([]);
    expect(validateAt("/components/schemas/User", { id: "1", email_status: null })).toEqual([]);
    expect(validateAt("/components/schemas/User", { id: "1", email_status: "confirmed" })).not.toEqual([]);
  });
});
