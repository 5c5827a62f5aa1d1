import { afterEach, describe, expect, it } from "vitest";
import { handlers } from "../src/api/handlers.ts";
import { type Logger, type RunningSandbox, type SandboxOptions, startSandbox } from "../src/index.ts";
import { operations } from "../src/spec/operations.ts";
import { startReceiver } from "./support/receiver.ts";
import { call } from "./support/sandbox.ts";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** A sandbox whose violations this file inspects itself (the shared helper fails a test on any). */
async function judged(
  options: SandboxOptions = {},
): Promise<{ sandbox: RunningSandbox; lines: Array<[string, string, Record<string, unknown>]> }> {
  const lines: Array<[string, string, Record<string, unknown>]> = [];
  const record = (level: string) => (object: Record<string, unknown>, message: string) =>
    lines.push([level, message, object]);
  const logger: Logger = {
    debug: record("debug"),
    info: record("info"),
    warn: record("warn"),
    error: record("error"),
  };
  const sandbox = await startSandbox({ port: false, rateLimit: false, logger, ...options });
  cleanups.push(() => sandbox.stop());
  return { sandbox, lines };
}

describe("the spec judges", () => {
  it("serves every operation of the spec, and nothing else", () => {
    expect(operations).toHaveLength(21);
    expect(Object.keys(handlers).sort()).toEqual(operations.map((operation) => operation.operationId).sort());
  });

  it("refuses a request that breaks the spec with a ValidationError naming each field, and stores nothing", async () => {
    const { sandbox } = await judged();
    const { userId, conversationId } = sandbox.startChat();
    const props = await call(sandbox, `/v1/users/${userId}/props?auth_token=sandbox-token`, {
      form: { operations: JSON.stringify([{ op: "multiply", key: "x", value: 2 }]), surprise: "1" },
    });
    expect(props.status).toBe(400);
    expect(props.json.meta).toMatchObject({ status: 400, error: "ValidationError" });
    expect(Object.keys(props.json.meta.error_fields as object).sort()).toEqual(["operations", "surprise"]);
    const notJson = await call(sandbox, `/v1/users/${userId}/props?auth_token=sandbox-token`, {
      form: { operations: "[{" },
    });
    expect(notJson.json.meta.error_fields).toEqual({ operations: ["must be JSON-encoded"] });
    const reply = await call(sandbox, `/v1/conversations/${conversationId}/reply?auth_token=sandbox-token`, {
      form: { random_id: "-1", from_admin: "nobody" },
    });
    expect(Object.keys(reply.json.meta.error_fields as object).sort()).toEqual([
      "attachment",
      "body",
      "from_admin",
      "random_id",
    ]); // body or attachment is required
    const badId = await call(sandbox, "/v1/conversations/abc?auth_token=sandbox-token");
    expect(badId.json.meta).toMatchObject({
      error: "ValidationError",
      error_fields: { id: expect.any(Array) },
    });
    expect(sandbox.conversation(conversationId).parts).toEqual([]);
    expect(sandbox.violations()).toEqual([]);
  });

  it("warn mode logs the violation and goes on; off mode does not look", async () => {
    const warn = await judged({ validation: "warn" });
    const chat = warn.sandbox.startChat();
    const answer = await call(
      warn.sandbox,
      `/v1/conversations/${chat.conversationId}/reply?auth_token=sandbox-token`,
      { form: { body: "hi", unexpected: "1" } },
    );
    expect(answer.status).toBe(200);
    expect(warn.lines).toContainEqual([
      "warn",
      expect.stringContaining("/reply 200"),
      expect.objectContaining({ violations: [expect.stringContaining("unexpected")] }),
    ]);
    const off = await judged({ validation: "off" });
    const other = off.sandbox.startChat();
    expect(
      (
        await call(off.sandbox, `/v1/conversations/${other.conversationId}/reply?auth_token=sandbox-token`, {
          form: { body: "hi", unexpected: "1" },
        })
      ).status,
    ).toBe(200);
    expect(off.lines.filter(([level]) => level === "warn")).toEqual([]);
  });

  it("an answer of the sandbox that breaks the spec is a loud 500 in strict mode, never sent", async () => {
    const { sandbox, lines } = await judged();
    sandbox.seed({ users: [{ id: "77", props: { nested: { not: "allowed" } as unknown as string } }] });
    const answer = await call(sandbox, "/v1/users/77?auth_token=sandbox-token&props_custom=true");
    expect(answer.status).toBe(500);
    expect(answer.json.meta).toMatchObject({
      error: "Error500",
      error_message: expect.stringContaining("/data/props_custom/nested"),
    });
    expect(answer.text).not.toContain("allowed");
    expect(sandbox.violations()).toEqual([expect.stringContaining("breaks the spec")]);
    expect(
      lines.some(([level, message]) => level === "error" && message === "the sandbox broke the spec"),
    ).toBe(true);
  });

  it("a delivery that breaks the spec is not sent in strict mode; the log says why", async () => {
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const { sandbox } = await judged({ webhookUrl: receiver.url });
    const chat = sandbox.startChat();
    sandbox.leadSays(chat.conversationId, "x".repeat(100_001));
    const delivery = await sandbox.waitForDelivery((one) => one.status === "failed");
    expect(delivery.error).toContain("breaks the spec");
    expect(delivery.attempts).toBe(0);
    expect(receiver.received).toEqual([]);
    expect(sandbox.violations()).toHaveLength(1);
  });
});
