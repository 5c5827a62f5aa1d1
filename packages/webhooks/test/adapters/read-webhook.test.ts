import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildChatDelivery } from "../../src/testing.ts";
import { DOCS_CHAT_BODY, TOKEN } from "../support/fixtures.ts";
import { startWebhookServer, type WebhookServer } from "../support/webhook-server.ts";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
const LIMIT = 64 * 1024;
let server: WebhookServer;

beforeAll(async () => {
  server = await startWebhookServer({ token: TOKEN, limitBytes: LIMIT });
});
afterAll(() => server.close());

const part = {
  direction: "u2a",
  type: "reply_user",
  id: "1160406004324630614",
  created: 1492604036,
  conversation: "64558819",
  from: "85648207",
  body: "Привет 👋",
} as const;

describe("readWebhook on a node:http server", () => {
  it("answers a delivery sent with fetch with the parsed part", async () => {
    const { body, headers } = buildChatDelivery(part, { token: TOKEN });
    const response = await fetch(server.url, { method: "POST", headers, body });
    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual({ type: "conversation", part });
  });

  it("refuses a wrong token with 401", async () => {
    const response = await fetch(server.url, { method: "POST", headers: FORM, body: DOCS_CHAT_BODY });
    expect(response.status).toBe(401);
    expect(await response.json()).toStrictEqual({
      code: "wrong_token",
      message: "The delivery's token is not the configured webhook token",
    });
  });

  it("refuses JSON with 415 before reading it", async () => {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "conversation" }),
    });
    expect(response.status).toBe(415);
    expect(((await response.json()) as { code: string }).code).toBe("wrong_content_type");
  });

  it("refuses a body over the limit with 413 when its Content-Length says so", async () => {
    const response = await fetch(server.url, { method: "POST", headers: FORM, body: "a".repeat(LIMIT + 1) });
    expect(response.status).toBe(413);
    expect(await response.json()).toStrictEqual({
      code: "body_too_large",
      message: `The delivery's body is larger than ${LIMIT} bytes`,
    });
  });

  it("accepts a body of exactly the limit", async () => {
    const { body } = buildChatDelivery({ ...part, body: "" }, { token: TOKEN });
    const padded = `${body}&padding=${"p".repeat(LIMIT - body.length - "&padding=".length)}`;
    expect(Buffer.byteLength(padded)).toBe(LIMIT);
    const response = await fetch(server.url, { method: "POST", headers: FORM, body: padded });
    expect(response.status).toBe(200);
  });

  it("stops reading a streamed body once it passes the limit", async () => {
    const chunk = new TextEncoder().encode("a".repeat(64 * 1024));
    const chunks = 80; // 5 MiB in all, sent without a Content-Length
    const before = server.bytesRead();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let index = 0; index < chunks; index++) controller.enqueue(chunk);
        controller.close();
      },
    });
    const response = await fetch(server.url, {
      method: "POST",
      headers: FORM,
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { code: string }).code).toBe("body_too_large");
    expect(server.bytesRead() - before).toBeLessThan(1024 * 1024);
  });
});
