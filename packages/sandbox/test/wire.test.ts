import { describe, expect, it } from "vitest";
import { call, testSandbox } from "./support/sandbox.ts";

describe("Dashly's wire rules", () => {
  it("takes the token as auth_token in the query or the body, or in an Authorization header", async () => {
    const sandbox = await testSandbox();
    expect((await call(sandbox, "/v1/apps/$self_app/channels?auth_token=sandbox-token")).status).toBe(200);
    expect(
      (
        await call(sandbox, "/v1/apps/$self_app/channels", {
          headers: { authorization: "Token sandbox-token" },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(sandbox, "/v1/apps/$self_app/channels", {
          headers: { authorization: "Bearer sandbox-token" },
        })
      ).status,
    ).toBe(200);
    const chat = sandbox.startChat();
    const reply = await call(sandbox, `/v1/conversations/${chat.conversationId}/reply`, {
      form: { auth_token: "sandbox-token", body: "hi" },
    });
    expect(reply.status).toBe(200);
  });

  it("refuses a missing or wrong token with NotAuthenticated, without echoing it", async () => {
    const sandbox = await testSandbox();
    const missing = await call(sandbox, "/v1/apps/$self_app/channels");
    expect(missing.status).toBe(401);
    expect(missing.json.meta).toMatchObject({ status: 401, error: "NotAuthenticated" });
    const wrong = await call(sandbox, "/v1/apps/$self_app/channels?auth_token=guess-123");
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain("guess-123");
  });

  it("accepts arguments in the query of a POST and in the body of a GET-style call, and trailing slashes", async () => {
    const sandbox = await testSandbox();
    const chat = sandbox.startChat();
    const inQuery = await call(
      sandbox,
      `/v1/conversations/${chat.conversationId}/reply/?auth_token=sandbox-token&body=from%20the%20query&random_id=5`,
      { method: "POST" },
    );
    expect(inQuery.status).toBe(200);
    const json = await call(sandbox, `/v1/conversations/${chat.conversationId}/reply`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ auth_token: "sandbox-token", body: "from JSON", random_id: 6 }),
    });
    expect(json.status).toBe(200);
    const idAsStringInBody = await call(sandbox, `/v1/conversations/${chat.conversationId}/tag/`, {
      form: { auth_token: "sandbox-token", tag: "x", id_as_string: "TRUE" },
    });
    expect(idAsStringInBody.json.data).toEqual({ id: expect.any(String), part_group: expect.any(String) });
    const parts = sandbox.conversation(chat.conversationId).parts as Array<{
      body: string;
      random_id: number;
    }>;
    expect(parts.map((part) => [part.body, part.random_id])).toEqual([
      ["from the query", 5],
      ["from JSON", 6],
      ["", 0],
    ]);
  });

  it("an argument given in the query and the body with different values is a ValidationError naming it", async () => {
    const sandbox = await testSandbox();
    const chat = sandbox.startChat();
    const conflict = await call(
      sandbox,
      `/v1/conversations/${chat.conversationId}/reply?auth_token=sandbox-token&body=one`,
      { form: { body: "two" } },
    );
    expect(conflict.status).toBe(400);
    expect(conflict.json.meta).toMatchObject({
      error: "ValidationError",
      error_fields: { body: [expect.stringContaining("different values")] },
    });
    expect(sandbox.conversation(chat.conversationId).parts).toEqual([]);
  });

  it("reads booleans as Dashly does (false, 0 and empty, any case, are false); the spec refuses other words", async () => {
    const sandbox = await testSandbox();
    const { conversationId } = sandbox.startChat();
    for (const [text, asString] of [
      ["False", false],
      ["0", false],
      ["", false],
      ["TRUE", true],
      ["1", true],
    ] as const) {
      const answer = await call(
        sandbox,
        `/v1/conversations/${conversationId}?auth_token=sandbox-token&id_as_string=${text}`,
      );
      expect(typeof (answer.json.data as { id: unknown }).id === "string").toBe(asString);
    }
    // Dashly would read `flase` as true; the spec refuses it, so that the typo shows in a test.
    const typo = await call(
      sandbox,
      `/v1/conversations/${conversationId}?auth_token=sandbox-token&id_as_string=flase`,
    );
    expect(typo.json.meta).toMatchObject({
      error: "ValidationError",
      error_fields: { id_as_string: expect.any(Array) },
    });
  });

  it("an unknown path is Error404 and a known path with another method MethodNotAllowed", async () => {
    const sandbox = await testSandbox();
    const unknown = await call(sandbox, "/v1/nothing/here?auth_token=sandbox-token");
    expect([unknown.status, unknown.json.meta.error]).toEqual([404, "Error404"]);
    const wrongMethod = await call(sandbox, "/v1/apps/$self_app/channels?auth_token=sandbox-token", {
      method: "POST",
    });
    expect([wrongMethod.status, wrongMethod.json.meta.error]).toEqual([405, "MethodNotAllowed"]);
  });
});
