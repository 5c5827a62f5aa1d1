import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Front, startFront } from "../src/front-server.ts";
import { applyWireRules } from "../src/wire/rules.ts";

/**
 * A stand-in for Prism that closes a kept-alive connection when it is reused, as a server whose keep-alive
 * timeout runs out just as the front sends on it.
 */
let upstream: Server;
let front: Front;
const requestsPerSocket = new Map<Socket, number>();

beforeAll(async () => {
  upstream = createServer((request, response) => {
    const count = (requestsPerSocket.get(request.socket) ?? 0) + 1;
    requestsPerSocket.set(request.socket, count);
    if (count > 1) {
      request.socket.destroy();
      return;
    }
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ meta: { status: 200 }, data: { url: request.url } }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  const address = upstream.address();
  const port = typeof address === "object" && address ? address.port : 0;
  front = await startFront({
    upstream: `http://127.0.0.1:${port}`,
    rules: applyWireRules,
    mode: "mock",
    host: "127.0.0.1",
    port: 0,
  });
});
afterAll(async () => {
  await front?.stop();
  upstream?.closeAllConnections();
  await new Promise((resolve) => upstream?.close(resolve));
});

it("sends again on a new connection when Prism closed the kept-alive one it reused", async () => {
  for (const id of [1, 2, 3]) {
    const response = await fetch(`${front.url}/users/${id}/?auth_token=t`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      meta: { status: 200 },
      data: { url: `/users/${id}?auth_token=t` },
    });
  }
  expect([...requestsPerSocket.values()]).toContain(2); // a reused connection was closed on the front
});
