// The published client calls the published mock: a contract test as a user would write it.
import assert from "node:assert/strict";
import { createDashlyClient, DashlyTooManyRequestsError } from "@dashly/client";
import { prefer, startMock } from "@dashly/mock";

const mock = await startMock();
try {
  const dashly = createDashlyClient({
    token: "consumer-token",
    baseUrl: mock.url,
    fetch: mock.fetch,
    retry: false,
  });
  const { data } = await dashly.POST("/users/{id}/props", {
    params: { path: { id: "27384" }, query: { by_user_id: true } },
    body: { operations: [{ op: "add", key: "orders", value: 1 }] },
  });
  assert.deepEqual(data, {});
  const parts = await dashly
    .paginate("/conversations/{id}/parts", { params: { path: { id: "7" } } })
    .toArray({ limit: 3 });
  assert.ok(parts.length > 0);
  const limited = await dashly
    .GET("/users/{id}", { params: { path: { id: "1" } }, headers: prefer({ code: 429 }) })
    .catch((error) => error);
  assert.ok(limited instanceof DashlyTooManyRequestsError);
  console.log(`mock-client: ok (${parts.length} parts, 429 -> ${limited.name})`);
} finally {
  await mock.stop();
}
