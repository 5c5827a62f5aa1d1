// The published client against the published sandbox, in-process: a lead writes, the chat webhook reaches a
// receiver and parses with the published @dashly/webhooks, the reply is read back from the sandbox's state.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { createDashlyClient } from "@dashly/client";
import { startSandbox } from "@dashly/sandbox";
import { parseWebhook } from "@dashly/webhooks";

const bodies = [];
const receiver = createServer((request, response) => {
  let body = "";
  request.on("data", (chunk) => {
    body += chunk;
  });
  request.on("end", () => {
    bodies.push(body);
    response.writeHead(200).end();
  });
});
await new Promise((resolve) => receiver.listen(0, "127.0.0.1", resolve));
const sandbox = await startSandbox({
  port: false,
  webhookUrl: `http://127.0.0.1:${receiver.address().port}/`,
  webhookToken: "consumer-webhook-token",
});
try {
  const dashly = createDashlyClient({
    token: sandbox.apiToken,
    baseUrl: sandbox.apiUrl,
    fetch: sandbox.fetch,
  });
  const { conversationId } = sandbox.startChat("Consumer");
  sandbox.leadSays(conversationId, "Hello");
  await sandbox.waitForDelivery((delivery) => delivery.status === "delivered");
  const delivery = parseWebhook(bodies[0], { token: "consumer-webhook-token" });
  assert.equal(delivery.type === "conversation" && delivery.part.conversation, conversationId);
  await dashly.POST("/conversations/{id}/reply", {
    params: { path: { id: conversationId } },
    body: { body: "Hi!" },
  });
  const { data: parts } = await dashly.GET("/conversations/{id}/parts", {
    params: { path: { id: conversationId } },
  });
  assert.deepEqual(
    parts.map((part) => part.body),
    ["Hi!", "Hello"],
  );
  assert.deepEqual(sandbox.violations(), []);
  console.log(`sandbox-client: ok (${parts.length} parts, delivery ${delivery.part.id})`);
} finally {
  await sandbox.stop();
  receiver.close();
}
