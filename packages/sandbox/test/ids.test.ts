import { describe, expect, it } from "vitest";
import { call, testSandbox } from "./support/sandbox.ts";

describe("64-bit IDs", () => {
  it("are JSON numbers with every digit kept by default, and strings with id_as_string", async () => {
    const sandbox = await testSandbox();
    const { conversationId, userId } = sandbox.startChat();
    expect(BigInt(conversationId)).toBeGreaterThan(2n ** 53n);
    const asNumbers = await call(sandbox, `/v1/conversations/${conversationId}?auth_token=sandbox-token`);
    expect(asNumbers.text).toContain(`"id":${conversationId},`);
    expect(asNumbers.text).toContain(`"id":${userId},`);
    const asStrings = await call(
      sandbox,
      `/v1/conversations/${conversationId}?auth_token=sandbox-token&id_as_string=true`,
    );
    expect(asStrings.text).toContain(`"id":"${conversationId}"`);
    expect(asStrings.text).not.toMatch(/"id":\d/);
  });

  it("an ID cursor comes back exactly, so the next page starts where the last one ended", async () => {
    const sandbox = await testSandbox();
    const { conversationId } = sandbox.startChat();
    for (let index = 0; index < 3; index++) sandbox.leadSays(conversationId, `m${index}`);
    const first = await call(
      sandbox,
      `/v1/conversations/${conversationId}/parts?auth_token=sandbox-token&count=2`,
    );
    const cursor = /"next_after":(\d+)/.exec(first.text)?.[1];
    expect(cursor).toBe((sandbox.conversation(conversationId).parts as Array<{ id: string }>)[1]?.id);
    const second = await call(
      sandbox,
      `/v1/conversations/${conversationId}/parts?auth_token=sandbox-token&id_as_string=1&after=${cursor}`,
    );
    expect((second.json.data as Array<{ body: string }>).map((part) => part.body)).toEqual(["m0"]);
  });
});
