import { expect, inject, it } from "vitest";
import { strictFetch } from "../src/index.ts";

it("the globalSetup provides the URL of a running mock", async () => {
  const url = inject("dashlyMockUrl");
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const response = await strictFetch()(`${url}/conversations/42?auth_token=t&id_as_string=true`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { meta: { status: number }; data: { id: string } };
  expect(body.meta.status).toBe(200);
  expect(body.data.id).toBe("7100586");
});
