import fc from "fast-check";
import type { ChatWebhookPart } from "../../src/index.ts";

/** A Dashly ID: any unsigned 64-bit integer but 0, as its digits. */
export const id = fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }).map(String);

/** Text of any Unicode code points (astral ones and right-to-left scripts included). */
export const text = (maxLength: number) => fc.string({ unit: "binary", maxLength });

/** Seconds since 1970, whole or fractional, as the spec's Timestamp allows. */
export const timestamp = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 31 }),
  fc.double({ min: 0, max: 32503680000, noNaN: true }).filter((value) => !Object.is(value, -0)),
);

/**
 * A number the app may put in free-form data. Integers past 2^53 are left out on purpose: the parser hands
 * those back as strings (see the README), so they cannot come back as numbers.
 */
const freeNumber = fc.oneof(
  fc.maxSafeInteger(),
  fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .filter((value) => !Object.is(value, -0) && (Number.isSafeInteger(value) || !Number.isInteger(value))),
);

/** Free-form JSON, as in `body_json`: keys may be `id` or `user` without being IDs. */
export const freeJson = fc.letrec<{ value: unknown; object: Record<string, unknown> }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    freeNumber,
    text(20),
    fc.array(tie("value"), { maxLength: 4 }),
    tie("object"),
  ),
  object: fc.dictionary(fc.oneof(fc.constantFrom("id", "user", "from", "__proto__"), text(8)), tie("value"), {
    maxKeys: 4,
    noNullPrototype: true,
  }),
})).object;

export const admin = fc.record(
  {
    type: fc.oneof(fc.constantFrom("admin", "bot", "default_admin"), text(20)),
    id,
    name: text(40),
    name_internal: text(40),
    avatar: fc.webUrl(),
  },
  { requiredKeys: ["type"], noNullPrototype: true },
);

const attachment = fc.record(
  {
    id,
    filename: text(40),
    mime_type: fc.constantFrom("application/pdf", "image/png"),
    size: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
    url: fc.webUrl(),
  },
  { requiredKeys: [], noNullPrototype: true },
);

/** A chat webhook part with any of the fields the spec allows, IDs anywhere in the 64-bit range. */
export const chatWebhookPart: fc.Arbitrary<ChatWebhookPart> = fc.record(
  {
    id,
    created: timestamp,
    conversation: id,
    type: fc.oneof(fc.constantFrom("reply_user", "reply_admin", "note", "assigned", "closed"), text(20)),
    direction: fc.constantFrom("a2u", "u2a"),
    edited: fc.option(timestamp),
    removed: fc.option(timestamp),
    first: fc.constant(true),
    part_group: id,
    body: text(200),
    body_json: freeJson,
    from: fc.oneof(id, admin),
    read: fc.boolean(),
    sent_via: fc.constantFrom("web_user", "web_panel", "email_user", "message_auto", ""),
    inbound_email: id,
    attachments: fc.array(attachment, { maxLength: 3 }),
    tag: text(30),
    assignee: fc.option(admin),
    random_id: fc.nat({ max: 4294967295 }),
    conversation_closed: fc.boolean(),
    conversation_tags: fc.array(text(30), { maxLength: 5 }),
  },
  { requiredKeys: ["id", "created", "conversation", "type", "direction"], noNullPrototype: true },
);
