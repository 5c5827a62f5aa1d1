import fc from "fast-check";
import { buildChatDelivery, buildEventDelivery, buildMessageWebhookDelivery } from "../../src/testing.ts";
import { chatWebhookPart, id, text, timestamp } from "./arbitraries.ts";
import { TOKEN } from "./fixtures.ts";

/** A valid object as Dashly would write it: IDs as bare numbers. */
const asWireJson = (value: unknown) => JSON.stringify(value).replace(/"([1-9][0-9]*)"/g, "$1");

/** JSON text that is sometimes valid, sometimes cut, sometimes nested deep, with odd numbers in it. */
const jsonish = fc.oneof(
  chatWebhookPart.map(asWireJson),
  fc.record({ id, created: fc.nat(), type: fc.record({ id, name: text(10) }) }).map(asWireJson),
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc
    .tuple(chatWebhookPart.map(asWireJson), fc.nat())
    .map(([json, cut]) => json.slice(0, cut % (json.length + 1))),
  fc.nat({ max: 5000 }).map((depth) => `${"[".repeat(depth)}${"]".repeat(depth)}`),
  id.map((digits) => `{"id":${digits}e${digits.length},"created":-${digits},"conversation":1.5}`),
  text(50),
);

/** A form whose fields are roughly right, mostly with the right token, so that parsing gets past each check. */
const roughForm = fc
  .record(
    {
      type: fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom("conversation", "event", "message_webhook") },
        { weight: 1, arbitrary: text(60) },
      ),
      token: fc.oneof({ weight: 6, arbitrary: fc.constant(TOKEN) }, { weight: 1, arbitrary: text(40) }),
      conversation: jsonish,
      user: jsonish,
      event: jsonish,
      user_id: text(30),
      event_id: fc.oneof(id, text(10)),
      message_id: fc.oneof(id, text(10)),
      sending_id: text(10),
      extra: text(10),
    },
    { requiredKeys: ["type", "token"], noNullPrototype: true },
  )
  .chain((fields) =>
    fc.nat({ max: 9 }).map((duplicateChance) => {
      const form = new URLSearchParams(fields);
      // One form in ten has every field twice.
      if (duplicateChance === 0) for (const [name, value] of [...form]) form.append(name, value);
      return form.toString();
    }),
  );

const user = fc.record({ id, app: id, user_id: fc.option(text(20)) }, { noNullPrototype: true });
const event = fc.record(
  { id, created: timestamp, type: fc.record({ id, name: text(20) }, { noNullPrototype: true }), user: id },
  { noNullPrototype: true },
);

/** A valid delivery of any type, then perhaps one field replaced by something rough. */
const nearlyValidForm = fc
  .tuple(
    fc.oneof(
      chatWebhookPart.map((part) => buildChatDelivery(part, { token: TOKEN }).body),
      fc
        .tuple(user, event, id)
        .map(([user, event, eventId]) => buildEventDelivery({ user, event, eventId }, { token: TOKEN }).body),
      fc
        .tuple(user, event, id)
        .map(
          ([user, event, messageId]) =>
            buildMessageWebhookDelivery({ user, event, messageId }, { token: TOKEN }).body,
        ),
    ),
    fc.option(
      fc.tuple(fc.constantFrom("type", "conversation", "user", "event", "message_id", "event_id"), jsonish),
    ),
  )
  .map(([body, change]) => {
    if (change === null) return body;
    const form = new URLSearchParams(body);
    form.set(...change);
    return form.toString();
  });

/** Anything a client could POST: random text, random bytes, percent-soup, or a roughly right form. */
export const anyBody = fc.oneof(
  { weight: 1, arbitrary: text(300) },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString("utf8")),
  },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
  },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.constantFrom("%", "&", "=", "+", "t", "o", "k", "e", "n", "2", "F", "{", "}"),
    }),
  },
  { weight: 4, arbitrary: roughForm },
  { weight: 4, arbitrary: nearlyValidForm },
);
