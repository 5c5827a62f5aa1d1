// The same packages from CommonJS: Node 20.19+ can require() an ES module without a top-level await.
const assert = require("node:assert/strict");
const { createDashlyClient, DashlyLookupError } = require("@dashly/client");
const { startMock } = require("@dashly/mock");
const { parseWebhook, WebhookAuthenticationError } = require("@dashly/webhooks");
const { document, openapiJsonPath } = require("@dashly/openapi");

assert.equal(typeof createDashlyClient, "function");
assert.equal(typeof DashlyLookupError, "function");
assert.equal(typeof startMock, "function");
assert.throws(
  () => parseWebhook("type=conversation&token=bad&conversation={}", { token: "good" }),
  WebhookAuthenticationError,
);
assert.equal(document.openapi, "3.1.0");
assert.deepEqual(JSON.parse(require("node:fs").readFileSync(openapiJsonPath, "utf8")), document);
console.log("cjs: ok");
