import type { ChatWebhookPart } from "@dashly/webhooks";
import { buildChatDelivery } from "@dashly/webhooks/testing";
import fc from "fast-check";

/** One request to the webhook route, and the kind of trouble it carries. */
export interface FuzzCase {
  kind:
    | "valid"
    | "question"
    | "truncated"
    | "wrong-types"
    | "wrong-token"
    | "random-bytes"
    | "wrong-content-type"
    | "random-form";
  body: string | Uint8Array;
  headers: Record<string, string>;
}

const form = { "content-type": "application/x-www-form-urlencoded" };
const id = fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }).map(String);
const anyText = (maxLength: number) => fc.string({ unit: "binary", maxLength });
/** Header values must be printable ASCII, or fetch refuses to send them. */
const headerText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
});

const part: fc.Arbitrary<ChatWebhookPart> = fc.record({
  id,
  conversation: id,
  created: fc.integer({ min: 0, max: 2 ** 31 }),
  direction: fc.constantFrom("u2a" as const, "a2u" as const),
  type: fc.oneof(fc.constantFrom("reply_user", "reply_admin", "note", "assigned"), anyText(20)),
  body: anyText(300),
  from: id,
});

/**
 * Lead questions that match a rule, from a pool of `questionPool` parts: each part is answered once however
 * often it comes, so the replies stay few (the API allows 60 a minute) and the queue never fills.
 */
export const questionPool = 20;
const question = fc.record({ slot: fc.nat({ max: questionPool - 1 }), hello: fc.boolean() });

/** Every kind of delivery a webhook route may meet, valid or not, for the bot configured with `token`. */
export function fuzzCase(token: string): fc.Arbitrary<FuzzCase> {
  const valid = part.map((chat) => ({ kind: "valid" as const, ...buildChatDelivery(chat, { token }) }));
  return fc.oneof(
    { weight: 3, arbitrary: valid },
    {
      weight: 1,
      arbitrary: question.map(({ slot, hello }) => ({
        kind: "question" as const,
        ...buildChatDelivery(
          {
            id: String(5_000_000 + slot),
            conversation: String(6_000_000 + slot),
            created: 1492604036,
            direction: "u2a",
            type: "reply_user",
            body: hello ? "Hello, how are you" : "What are your prices?",
            from: "85648207",
          },
          { token },
        ),
      })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(valid, fc.nat()).map(([delivery, cut]) => ({
        ...delivery,
        kind: "truncated" as const,
        body: delivery.body.slice(0, cut % delivery.body.length),
      })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          part,
          fc.constantFrom("id", "conversation", "created", "direction", "type", "body", "from"),
          fc.jsonValue(),
        )
        .map(([chat, field, value]) => ({
          kind: "wrong-types" as const,
          body: new URLSearchParams({
            type: "conversation",
            token,
            conversation: JSON.stringify({ ...chat, [field]: value }),
          }).toString(),
          headers: form,
        })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          valid,
          anyText(60).filter((other) => other !== token && other !== ""),
          fc.nat({ max: 2 }),
        )
        .map(([delivery, other, how]) => {
          const fields = new URLSearchParams(delivery.body);
          if (how === 0) fields.set("token", other);
          if (how === 1) fields.delete("token");
          if (how === 2) fields.append("token", token); // two tokens, one of them right
          return { ...delivery, kind: "wrong-token" as const, body: fields.toString() };
        }),
    },
    {
      weight: 1,
      arbitrary: fc.uint8Array({ maxLength: 4_096 }).map((bytes) => ({
        kind: "random-bytes" as const,
        body: bytes,
        headers: form,
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          valid,
          fc.oneof(
            fc.constantFrom(
              "application/json",
              "text/plain",
              "multipart/form-data; boundary=x",
              "application/xml",
              "",
            ),
            headerText.filter(
              (type) => !type.trim().toLowerCase().startsWith("application/x-www-form-urlencoded"),
            ),
          ),
        )
        .map(([delivery, contentType]) => ({
          kind: "wrong-content-type" as const,
          // Bytes, so that fetch adds no content type of its own when the header is left out.
          body: new TextEncoder().encode(delivery.body),
          headers: contentType === "" ? ({} as Record<string, string>) : { "content-type": contentType },
        })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom("conversation", "event", "message_webhook", "other"),
          fc.dictionary(anyText(12), anyText(80)),
        )
        .map(([type, fields]) => ({
          kind: "random-form" as const,
          body: new URLSearchParams({ ...fields, type, token }).toString(),
          headers: form,
        })),
    },
  );
}

/** The statuses a kind may get: the clear-cut ones exactly, the rest any refusal. */
export function allowedStatuses(kind: FuzzCase["kind"]): (status: number) => boolean {
  switch (kind) {
    case "valid":
    case "question":
      return (status) => status === 200;
    case "wrong-token":
      return (status) => status === 401;
    case "truncated":
    case "wrong-types":
    case "random-form":
      return (status) => status === 200 || (status >= 400 && status < 500);
    default:
      return (status) => status >= 400 && status < 500;
  }
}
