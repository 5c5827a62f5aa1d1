import { describe, expect, it } from "vitest";
import {
  parseWebhookRequest,
  WebhookAuthenticationError,
  WebhookContentTypeError,
  WebhookPayloadError,
} from "../../src/index.ts";
import { buildEventDelivery } from "../../src/testing.ts";
import { DOCS_CHAT_BODY, DOCS_TOKEN, TOKEN } from "../support/fixtures.ts";

const URL = "https://bot.example/webhooks/dashly";
const FORM = { "content-type": "application/x-www-form-urlencoded; charset=UTF-8" };

function post(body: NonNullable<RequestInit["body"]>, headers: Record<string, string> = FORM): Request {
  return new Request(URL, { method: "POST", headers, body });
}

function streamOf(
  chunkCount: number,
  chunkBytes: number,
): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunkCount) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(chunkBytes).fill(97));
    },
  });
  return { stream, pulled: () => pulled };
}

describe("parseWebhookRequest", () => {
  it("parses the docs' example from a Request", async () => {
    const delivery = await parseWebhookRequest(post(DOCS_CHAT_BODY), { token: DOCS_TOKEN });
    expect(delivery.type === "conversation" && delivery.part.conversation).toBe("64558819");
  });

  it("decodes a UTF-8 body split anywhere, and parses an event delivery", async () => {
    const user = { id: "1160406004324630614", props: { $name: "Ёлка 🎄" } };
    const event = { id: "5", created: 1, type: { id: "6", name: "Покупка" } };
    const { body, headers } = buildEventDelivery({ user, event, eventName: "Покупка" }, { token: TOKEN });
    const bytes = new TextEncoder().encode(body);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        // One byte at a time, so every multi-byte character is cut in the middle.
        for (const byte of bytes) controller.enqueue(Uint8Array.of(byte));
        controller.close();
      },
    });
    const request = new Request(URL, {
      method: "POST",
      headers,
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(await parseWebhookRequest(request, { token: TOKEN })).toStrictEqual({
      type: "event",
      user,
      event,
      eventName: "Покупка",
    });
  });

  it("refuses a wrong token with 401", async () => {
    const error = await parseWebhookRequest(post(DOCS_CHAT_BODY), { token: TOKEN }).catch((caught) => caught);
    expect(error).toBeInstanceOf(WebhookAuthenticationError);
    expect(error).toMatchObject({ code: "wrong_token", status: 401 });
  });

  it("refuses a missing or foreign Content-Type with 415", async () => {
    const untyped = new Request(URL, {
      method: "POST",
      body: new Uint8Array(new TextEncoder().encode(DOCS_CHAT_BODY)),
    });
    expect(untyped.headers.get("content-type")).toBeNull();
    for (const request of [untyped, post(DOCS_CHAT_BODY, { "content-type": "text/plain" })]) {
      const error = await parseWebhookRequest(request, { token: DOCS_TOKEN }).catch((caught) => caught);
      expect(error).toBeInstanceOf(WebhookContentTypeError);
      expect(error).toMatchObject({ code: "wrong_content_type", status: 415 });
    }
  });

  it("refuses a body over the limit with 413 and cancels the stream", async () => {
    const { stream, pulled } = streamOf(1000, 1024);
    const request = new Request(URL, {
      method: "POST",
      headers: FORM,
      body: stream,
      duplex: "half",
    } as RequestInit);
    const error = await parseWebhookRequest(request, { token: TOKEN, limitBytes: 4096 }).catch(
      (caught) => caught,
    );
    expect(error).toBeInstanceOf(WebhookPayloadError);
    expect(error).toMatchObject({ code: "body_too_large", status: 413 });
    expect(pulled()).toBeLessThan(20);
  });

  it("refuses a declared Content-Length over the limit without reading", async () => {
    const request = post("a".repeat(10), { ...FORM, "content-length": "2000000" });
    const error = await parseWebhookRequest(request, { token: TOKEN }).catch((caught) => caught);
    expect(error).toMatchObject({ code: "body_too_large", status: 413 });
    expect(request.bodyUsed).toBe(false);
  });

  it("says so when the body was already read, and when the token is empty", async () => {
    const used = post(DOCS_CHAT_BODY);
    await used.text();
    await expect(parseWebhookRequest(used, { token: DOCS_TOKEN })).rejects.toThrow(TypeError);
    await expect(parseWebhookRequest(post(DOCS_CHAT_BODY), { token: "" })).rejects.toThrow(TypeError);
    await expect(
      parseWebhookRequest(post(DOCS_CHAT_BODY), { token: DOCS_TOKEN, limitBytes: -1 }),
    ).rejects.toThrow("`limitBytes` must be a whole number of bytes");
  });
});
