// The same packages from CommonJS: Node 20.19+ can require() an ES module without a top-level await.
const assert = require("node:assert/strict");
const { createDashlyClient, DashlyLookupError } = require("@dashly/client");
const { startMock } = require("@dashly/mock");
const { parseWebhook, WebhookAuthenticationError } = require("@dashly/webhooks");

assert.equal(typeof createDashlyClient, "function");
assert.equal(typeof DashlyLookupError, "function");
assert.equal(typeof startMock, "function");
assert.throws(
  () => parseWebhook("type=conversation&token=bad&conversation={}", { token: "good" }),
  WebhookAuthenticationError,
);
console.log("cjs: ok");
