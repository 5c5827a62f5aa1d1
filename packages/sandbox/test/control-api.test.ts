import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { startReceiver } from "./support/receiver.ts";
import { testSandbox } from "./support/sandbox.ts";

// Every control answer in this file is checked against the control API's own OpenAPI file.
const controlSpec = parse(readFileSync(new URL("../openapi/control.yaml", import.meta.url), "utf8"));
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(controlSpec, "control");

async function control(
  sandbox: { fetch: typeof fetch; url: string },
  method: string,
  path: string,
  specPath: string,
  body?: unknown,
) {
  const response = await sandbox.fetch(`${sandbox.url}/_sandbox${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  const operation = controlSpec.paths[specPath][method.toLowerCase()];
  const documented = operation.responses[String(response.status)];
  expect(documented, `${method} ${specPath} documents ${response.status}`).toBeDefined();
  const pointer = documented.$ref
    ? `${documented.$ref.slice(1)}/content/application~1json/schema`
    : `/paths/${specPath.replaceAll("/", "~1")}/${method.toLowerCase()}/responses/${response.status}/content/application~1json/schema`;
  const validate = ajv.getSchema(`control#${pointer}`);
  if (!validate?.(json)) throw new Error(`${method} ${path}: ${JSON.stringify(validate?.errors)}`);
  return { status: response.status, json };
}

describe("control API", () => {
  it("starts a chat, plays the lead and an operator, and reads the conversation back oldest first", async () => {
    const receiver = await startReceiver();
    const sandbox = await testSandbox({ webhookUrl: receiver.url });
    try {
      const chat = await control(sandbox, "POST", "/chats", "/chats", { name: "Alex" });
      const { conversationId, userId } = chat.json as { conversationId: string; userId: string };
      const lead = await control(
        sandbox,
        "POST",
        `/conversations/${conversationId}/lead-says`,
        "/conversations/{id}/lead-says",
        { body: "Hello" },
      );
      expect(lead.json).toMatchObject({ type: "reply_user", direction: "u2a", from: userId, body: "Hello" });
      const operator = await control(
        sandbox,
        "POST",
        `/conversations/${conversationId}/operator-says`,
        "/conversations/{id}/operator-says",
        { body: "Hi Alex" },
      );
      expect(operator.json).toMatchObject({
        type: "reply_admin",
        direction: "a2u",
        from: { id: sandbox.ids.operatorId },
      });
      const view = await control(sandbox, "GET", `/conversations/${conversationId}`, "/conversations/{id}");
      expect(view.json).toMatchObject({
        id: conversationId,
        closed: false,
        tags: [],
        assignee: null,
        user: { id: userId, props: { $name: "Alex" } },
      });
      expect((view.json.parts as Array<{ body: string }>).map((part) => part.body)).toEqual([
        "Hello",
        "Hi Alex",
      ]);
      await sandbox.waitForDelivery((one) => one.direction === "a2u" && one.status === "delivered");
      const deliveries = await control(sandbox, "GET", "/deliveries", "/deliveries");
      expect(
        (deliveries.json as unknown as Array<{ direction: string }>).map((one) => one.direction),
      ).toEqual(["u2a", "a2u"]);
    } finally {
      await receiver.close();
    }
  });

  it("refuses bad input in Dashly's envelope, and unknown conversations with 404", async () => {
    const sandbox = await testSandbox();
    const { conversationId } = sandbox.startChat();
    const empty = await control(
      sandbox,
      "POST",
      `/conversations/${conversationId}/lead-says`,
      "/conversations/{id}/lead-says",
      { body: "  " },
    );
    expect(empty).toMatchObject({ status: 400, json: { meta: { error: "ValidationError" } } });
    const unknown = await control(
      sandbox,
      "POST",
      "/conversations/1/lead-says",
      "/conversations/{id}/lead-says",
      { body: "hi" },
    );
    expect(unknown.status).toBe(404);
    const notJson = await sandbox.fetch(`${sandbox.url}/_sandbox/clock`, { method: "POST", body: "{" });
    expect(notJson.status).toBe(400);
    const badSeed = await control(sandbox, "POST", "/seed", "/seed", { conversations: [{ user: "nobody" }] });
    expect(badSeed).toMatchObject({
      status: 400,
      json: { meta: { error: "BadRequest", error_message: expect.stringContaining("no user nobody") } },
    });
  });

  it("seeds, snapshots, restores, advances the clock and resets", async () => {
    const sandbox = await testSandbox();
    const seeded = await control(sandbox, "POST", "/seed", "/seed", {
      users: [{ userId: "crm-1", props: { $name: "Ann" } }],
      conversations: [
        {
          user: "crm-1",
          tags: ["vip"],
          parts: [
            { from: "user", body: "hi" },
            { from: "admin", body: "hello" },
          ],
        },
      ],
    });
    expect(seeded.json).toEqual({ apps: 0, admins: 0, users: 1, events: 0, conversations: 1, parts: 2 });
    const snapshot = await control(sandbox, "GET", "/snapshot", "/snapshot");
    const before = await control(sandbox, "POST", "/clock", "/clock", { advanceMs: 0 });
    const after = await control(sandbox, "POST", "/clock", "/clock", { advanceMs: 3_600_000 });
    expect((after.json.now as number) - (before.json.now as number)).toBeGreaterThanOrEqual(3600);
    const reset = await control(sandbox, "POST", "/reset", "/reset");
    expect(reset.json).toEqual({
      appId: sandbox.ids.appId,
      operatorId: sandbox.ids.operatorId,
      botId: sandbox.ids.botId,
    });
    expect((await control(sandbox, "GET", "/snapshot", "/snapshot")).json.conversations).toEqual([]);
    await control(sandbox, "PUT", "/snapshot", "/snapshot", snapshot.json);
    expect((await control(sandbox, "GET", "/snapshot", "/snapshot")).json).toEqual(snapshot.json);
  });

  it("streams parts, conversations, deliveries and resets as server-sent events, IDs as strings", async () => {
    const receiver = await startReceiver();
    const sandbox = await testSandbox({ port: 0, webhookUrl: receiver.url });
    const controller = new AbortController();
    try {
      const response = await fetch(`${sandbox.url}/_sandbox/events`, { signal: controller.signal });
      expect(response.headers.get("content-type")).toContain("text/event-stream");
      const reader = response.body?.pipeThrough(new TextDecoderStream()).getReader();
      let text = "";
      const readUntil = async (needle: string) => {
        while (!text.includes(needle)) {
          const chunk = await reader?.read();
          if (!chunk || chunk.done) throw new Error(`stream ended before ${needle}`);
          text += chunk.value;
        }
      };
      await readUntil("event: ready");
      const { conversationId } = sandbox.startChat("Streamed");
      const part = sandbox.leadSays(conversationId, "live!");
      await readUntil("event: delivery");
      sandbox.reset();
      await readUntil("event: reset");
      const events = text
        .split("\n\n")
        .filter(Boolean)
        .map((block) => ({
          event: /^event: (.*)$/m.exec(block)?.[1],
          data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? "null"),
        }));
      expect(events.find((one) => one.event === "part")?.data).toEqual({
        conversationId,
        part: expect.objectContaining({ id: part.id, body: "live!" }),
      });
      expect(events.find((one) => one.event === "conversation")?.data.conversation.id).toBe(conversationId);
      expect(events.find((one) => one.event === "delivery")?.data.delivery).toMatchObject({
        partId: part.id,
        direction: "u2a",
      });
      expect(events.at(-1)).toEqual({ event: "reset", data: {} });
    } finally {
      controller.abort();
      await receiver.close();
    }
  });
});

describe("control API input that is refused loses nothing", () => {
  it("a seed with a bad entry adds none of it; a bad snapshot replaces nothing", async () => {
    const sandbox = await testSandbox();
    const before = sandbox.snapshot();
    const seed = await sandbox.fetch(`${sandbox.url}/_sandbox/seed`, {
      method: "POST",
      body: JSON.stringify({ users: [{ userId: "kept-out" }], conversations: [{ user: "nobody" }] }),
    });
    expect(seed.status).toBe(400);
    const restore = await sandbox.fetch(`${sandbox.url}/_sandbox/snapshot`, {
      method: "PUT",
      body: JSON.stringify({ version: 1, nextId: "5" }),
    });
    expect(restore.status).toBe(400);
    expect(await restore.text()).toContain("not a sandbox snapshot");
    expect(sandbox.snapshot()).toEqual(before);
  });
});
