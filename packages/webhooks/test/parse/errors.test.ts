import { describe, expect, it } from "vitest";
import {
  parseWebhook,
  WebhookAuthenticationError,
  WebhookContentTypeError,
  WebhookError,
  WebhookPayloadError,
} from "../../src/index.ts";
import { caught, expectNoToken, expectRefusal, refusalOf } from "../support/expect-refusal.ts";
import { DOCS_CHAT_CONVERSATION, EVENT_JSON, EVENT_USER_JSON, form, TOKEN } from "../support/fixtures.ts";

const chat = (fields: Record<string, string>) =>
  form({ type: "conversation", token: TOKEN, conversation: DOCS_CHAT_CONVERSATION, ...fields });

describe("the token", () => {
  it("is required: missing_token, 401", () => {
    const expected = {
      class: WebhookAuthenticationError,
      code: "missing_token",
      status: 401,
      message: "The delivery has no token field, or an empty one",
    } as const;
    expectRefusal(refusalOf(form({ type: "conversation", conversation: DOCS_CHAT_CONVERSATION })), expected);
    expectRefusal(refusalOf(chat({ token: "" })), expected);
  });

  it("must match: wrong_token, 401, whatever its length", () => {
    for (const token of ["x", `${TOKEN}0`, TOKEN.slice(0, -1), TOKEN.toUpperCase(), "é".repeat(300)]) {
      expectRefusal(refusalOf(chat({ token })), {
        class: WebhookAuthenticationError,
        code: "wrong_token",
        status: 401,
        message: "The delivery's token is not the configured webhook token",
      });
    }
  });

  it("must come once: a second token field is refused even when both match", () => {
    expectRefusal(refusalOf(`${chat({})}&token=${TOKEN}`), {
      class: WebhookAuthenticationError,
      code: "wrong_token",
      status: 401,
      message: "The delivery has more than one token field",
    });
  });

  it("is checked before anything else in the form", () => {
    const error = refusalOf(form({ type: "nonsense", token: "wrong", conversation: "{" }));
    expect((error as WebhookError).code).toBe("wrong_token");
  });

  it("must be configured: an empty token is a programming error", () => {
    for (const token of ["", undefined, 42]) {
      const error = caught(() => parseWebhook(chat({}), { token } as unknown as { token: string }));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/`token` must be the non-empty webhook token/);
    }
  });
});

describe("the content type", () => {
  it("must be a form: wrong_content_type, 415", () => {
    expectRefusal(refusalOf(chat({}), "application/json"), {
      class: WebhookContentTypeError,
      code: "wrong_content_type",
      status: 415,
      message: 'Expected Content-Type application/x-www-form-urlencoded, got "application/json"',
    });
    expectRefusal(refusalOf(chat({}), "multipart/form-data; boundary=x"), {
      class: WebhookContentTypeError,
      code: "wrong_content_type",
      status: 415,
      message: /got "multipart\/form-data; boundary=x"$/,
    });
    expectRefusal(refusalOf(chat({}), ""), {
      class: WebhookContentTypeError,
      code: "wrong_content_type",
      status: 415,
      message: /got ""$/,
    });
  });

  it("is not checked when unknown", () => {
    expect(parseWebhook(chat({}), { token: TOKEN, contentType: null }).type).toBe("conversation");
    expect(parseWebhook(chat({}), { token: TOKEN, contentType: undefined }).type).toBe("conversation");
  });
});

describe("the type", () => {
  it("must be one Dashly sends: unknown_type, 400, naming what came", () => {
    expectRefusal(refusalOf(chat({ type: "lead_created" })), {
      class: WebhookPayloadError,
      code: "unknown_type",
      status: 400,
      message: 'Unknown webhook type "lead_created": expected conversation, event or message_webhook',
    });
  });

  it("is quoted at most 50 characters long", () => {
    const error = refusalOf(chat({ type: `${"a".repeat(60)}"` })) as WebhookError;
    expect(error.code).toBe("unknown_type");
    expect(error.message).toBe(
      `Unknown webhook type "${"a".repeat(50)}…": expected conversation, event or message_webhook`,
    );
  });

  it("is required", () => {
    expectRefusal(refusalOf(form({ token: TOKEN, conversation: DOCS_CHAT_CONVERSATION })), {
      class: WebhookPayloadError,
      code: "unknown_type",
      status: 400,
      message: "The delivery has no type field",
    });
  });
});

describe("the JSON fields", () => {
  it("must be JSON: malformed_field, 400, naming the field and the parser's reason", () => {
    expectRefusal(refusalOf(chat({ conversation: '{"id": 1,' })), {
      class: WebhookPayloadError,
      code: "malformed_field",
      status: 400,
      message:
        /^The "conversation" field is not valid JSON: Quoted object key expected but reached end of input at position 9$/,
    });
    const event = form({ type: "event", token: TOKEN, user: EVENT_USER_JSON, event: "{'id': 1}" });
    expectRefusal(refusalOf(event), {
      class: WebhookPayloadError,
      code: "malformed_field",
      status: 400,
      message: /^The "event" field is not valid JSON: /,
    });
  });

  it("refuses absurd nesting as malformed, not with a stack overflow", () => {
    const deep = `${"[".repeat(200_000)}${"]".repeat(200_000)}`;
    expectRefusal(refusalOf(chat({ conversation: deep })), {
      class: WebhookPayloadError,
      code: "malformed_field",
      status: 400,
      message: 'The "conversation" field is not valid JSON: it is nested too deeply',
    });
  });

  it("refuses a field sent twice", () => {
    expectRefusal(refusalOf(`${chat({})}&conversation=%7B%7D`), {
      class: WebhookPayloadError,
      code: "malformed_field",
      status: 400,
      message: 'The "conversation" field appears 2 times',
    });
  });
});

describe("the payload", () => {
  it("must match the spec: invalid_payload, 400, with the first problems", () => {
    expectRefusal(
      refusalOf(chat({ conversation: '{"id":1,"created":1,"conversation":2,"direction":"u2a"}' })),
      {
        class: WebhookPayloadError,
        code: "invalid_payload",
        status: 400,
        message:
          "The conversation delivery does not match the spec: /conversation must have required property 'type'",
      },
    );
  });

  it("refuses IDs that are not positive integers", () => {
    for (const id of ["0", "-5", "1.5", '"abc"', "true"]) {
      const error = refusalOf(
        chat({ conversation: DOCS_CHAT_CONVERSATION.replace('"id": 78183798', `"id": ${id}`) }),
      );
      expect((error as WebhookError).code, id).toBe("invalid_payload");
      expect((error as WebhookError).message).toMatch(/\/conversation\/id must /);
    }
  });

  it("refuses a JSON field that is not an object, and a missing one", () => {
    expect((refusalOf(chat({ conversation: "[]" })) as WebhookError).message).toBe(
      "The conversation delivery does not match the spec: /conversation must be object",
    );
    expect(
      (refusalOf(form({ type: "event", token: TOKEN, event: EVENT_JSON })) as WebhookError).message,
    ).toBe("The event delivery does not match the spec: / must have required property 'user'");
  });

  it("requires message_id on a triggered message and digits in it", () => {
    const fields = { type: "message_webhook", token: TOKEN, user: EVENT_USER_JSON, event: EVENT_JSON };
    expect((refusalOf(form(fields)) as WebhookError).message).toBe(
      "The message_webhook delivery does not match the spec: / must have required property 'message_id'",
    );
    expect((refusalOf(form({ ...fields, message_id: "12a" })) as WebhookError).message).toMatch(
      /^The message_webhook delivery does not match the spec: \/message_id must match pattern/,
    );
  });

  it("never echoes the token, even in a refusal that quotes the request", () => {
    const quoting = [
      refusalOf(chat({ conversation: "{" })),
      refusalOf(chat({ type: "unknown" })),
      refusalOf(chat({ conversation: "{}" })),
      refusalOf(chat({}), "text/plain"),
    ];
    for (const error of quoting) {
      expect(error).toBeInstanceOf(WebhookError);
      expectNoToken(error);
    }
  });
});
