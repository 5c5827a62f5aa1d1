import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ContractViolationError,
  type RunningProxy,
  readViolations,
  startProxy,
  strictFetch,
} from "../src/index.ts";

/** A stand-in for a real Dashly server: one valid answer, one that breaks the spec. */
const upstreamAnswers: Record<string, unknown> = {
  "/conversations/1": { meta: { status: 200 }, data: { id: "1", created: 1450342055, closed: false } },
  "/conversations/2": { meta: { status: 200 }, data: { id: "two", closed: "no" } },
};

let upstream: Server;
let proxy: RunningProxy;
let requestsSeen = 0;
let lastUrl = "";

beforeAll(async () => {
  upstream = createServer((request, response) => {
    requestsSeen += 1;
    lastUrl = request.url ?? "";
    const answer = upstreamAnswers[new URL(request.url ?? "/", "http://x").pathname];
    response.writeHead(answer ? 200 : 404, { "content-type": "application/json" });
    response.end(JSON.stringify(answer ?? { meta: { status: 404, error: "Error404" }, data: {} }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const address = upstream.address();
  const port = typeof address === "object" && address ? address.port : 0;
  proxy = await startProxy({ upstream: `http://127.0.0.1:${port}` });
});

afterAll(async () => {
  await proxy?.stop();
  await new Promise((resolve) => upstream?.close(resolve));
});

describe("the validating proxy", () => {
  it("forwards a valid answer unchanged and reports nothing", async () => {
    const before = requestsSeen;
    const response = await fetch(`${proxy.url}/conversations/1?auth_token=t`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(upstreamAnswers["/conversations/1"]);
    expect(readViolations(response)).toEqual([]);
    expect(requestsSeen - before).toBe(1);
  });

  it("forwards an answer that breaks the spec and reports why", async () => {
    const response = await fetch(`${proxy.url}/conversations/2?auth_token=t`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(upstreamAnswers["/conversations/2"]);
    const locations = readViolations(response).map((violation) => violation.location.join("."));
    expect(locations).toEqual(
      expect.arrayContaining(["response.body.data", "response.body.data.id", "response.body.data.closed"]),
    );
    expect(proxy.violations().map((violation) => violation.location)).toEqual(
      expect.arrayContaining(["response.body.data.id", "response.body.data.closed"]),
    );
  });

  it("takes a trailing slash and a key in the header as Dashly does, and forwards the canonical request", async () => {
    const response = await strictFetch()(`${proxy.url}/conversations/1/?id_as_string=1`, {
      headers: { authorization: "Token t" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(upstreamAnswers["/conversations/1"]);
    expect(readViolations(response)).toEqual([]);
    expect(lastUrl).toBe("/conversations/1?id_as_string=1");
  });

  it("lets the strict fetch fail a test on such an answer", async () => {
    await expect(strictFetch()(`${proxy.url}/conversations/2?auth_token=t`)).rejects.toBeInstanceOf(
      ContractViolationError,
    );
  });
});
