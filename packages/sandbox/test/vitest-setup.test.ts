import { describe, expect, it } from "vitest";
import setup from "../src/vitest.ts";

describe("@dashly/sandbox/vitest", () => {
  it("starts one listening sandbox, provides its URL and token, and stops it at teardown", async () => {
    const provided = new Map<string, string>();
    const teardown = await setup({ provide: (key, value) => provided.set(key, value) });
    const url = provided.get("dashlySandboxUrl") as string;
    const response = await fetch(
      `${url}/v1/apps/$self_app/channels?auth_token=${provided.get("dashlySandboxToken")}`,
    );
    expect(response.status).toBe(200);
    await teardown();
    await expect(fetch(`${url}/v1/apps/$self_app/channels`)).rejects.toThrow();
  });
});
