import { describe, expect, it } from "vitest";
import { createDashlyClient } from "../src/index.ts";
import { fakeApi, ok, quiet } from "./support/fake-api.ts";

// The client reads each answer's body within its attempt (so that a cut body is retried); middleware added
// with `raw.use` must still be able to read the answers it sees, the usual way.
describe("middleware on the raw client", () => {
  it("reads a GET's answer through clone(), and the call still resolves to its data", async () => {
    const api = fakeApi(() => ok({ id: "42", presence: "online" }));
    const dashly = createDashlyClient({
      token: "t",
      baseUrl: "https://api.test/v1",
      fetch: api.fetch,
      ...quiet,
    });
    const logged: unknown[] = [];
    dashly.raw.use({
      async onResponse({ response }) {
        logged.push(await response.clone().json());
        logged.push((await response.clone().text()).length);
      },
    });
    const { data } = await dashly.GET("/users/{id}", { params: { path: { id: "42" } } });
    expect(data).toEqual({ id: "42", presence: "online" });
    expect(logged).toEqual([
      { meta: { status: 200 }, data: { id: "42", presence: "online" } },
      JSON.stringify({ meta: { status: 200 }, data: { id: "42", presence: "online" } }).length,
    ]);
  });

  it("reads a POST's answer with clone().json(), and the clone keeps the status and URL", async () => {
    const api = fakeApi(() => ok({ id: "7", part_group: "8" }));
    const dashly = createDashlyClient({
      token: "t",
      baseUrl: "https://api.test/v1",
      fetch: api.fetch,
      ...quiet,
    });
    const seen: Array<{ status: number; sameUrl: boolean; body: unknown }> = [];
    dashly.raw.use({
      async onResponse({ response }) {
        // An ordinary Response: as openapi-fetch documents, middleware reads a clone and leaves the body to it.
        const copy = response.clone();
        seen.push({ status: copy.status, sameUrl: copy.url === response.url, body: await copy.json() });
      },
    });
    const { data } = await dashly.POST("/conversations/{id}/reply", {
      params: { path: { id: "5" } },
      body: { body: "Hi", from_admin: "1" },
    });
    expect(data).toMatchObject({ id: "7", part_group: "8" });
    expect(seen).toEqual([
      {
        status: 200,
        sameUrl: true,
        body: { meta: { status: 200 }, data: { id: "7", part_group: "8" } },
      },
    ]);
  });
});
