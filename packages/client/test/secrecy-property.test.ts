import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDashlyClient, type DashlyLogger } from "../src/index.ts";

// Whatever the base URL, path, ID or answer, the token shows nowhere: not in what createDashlyClient or a call
// throws (message, stack, cause chain, util.inspect, JSON), nor in a log line. Real fetch, real loopback server.

/** Distinctive tokens, some with characters that URLs and headers encode. */
const tokens = ["SECRET-7f3a-TOKEN-91c2", "s3cr3t/T0KEN+=&?#%21x", "tok%2Fen~SECRET.app.42"];

type Mode = "ok" | "error-envelope" | "server-error" | "not-json" | "cut" | "hang-up" | "slow";
const modes: Mode[] = ["ok", "error-envelope", "server-error", "not-json", "cut", "hang-up", "slow"];
let mode: Mode = "ok";

let server: Server;
let live: string;
let closedPort: number;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    const envelope = (status: number, data: unknown, meta = {}) =>
      JSON.stringify({ meta: { status, ...meta }, data });
    switch (mode) {
      case "ok":
        response.writeHead(200, { "content-type": "application/json" });
        response.end(envelope(200, [{ id: "1" }], { next_after: null }));
        return;
      case "error-envelope":
        response.writeHead(400, { "content-type": "application/json" });
        // An API that quotes the request back: the token in the answer is the server's doing, but the client
        // must still not put it into its own message (meta stays as the API sent it).
        response.end(envelope(400, {}, { error: "ValidationError", error_message: "bad id" }));
        return;
      case "server-error":
        response.writeHead(503);
        response.end("<html>down</html>");
        return;
      case "not-json":
        response.writeHead(200, { "content-type": "text/plain" });
        response.end(`you asked for ${request.url?.split("?")[0]}`);
        return;
      case "cut": {
        response.writeHead(200, { "content-type": "application/json", "content-length": "100" });
        response.write('{"meta":');
        setImmediate(() => response.destroy());
        return;
      }
      case "hang-up":
        request.socket.destroy();
        return;
      case "slow":
        setTimeout(() => response.end(envelope(200, {})), 200).unref();
        return;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  live = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A port nobody listens on: taken, then freed.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Every text the error shows: message, stack, each cause's too, util.inspect, JSON. */
function textsOf(error: unknown): string[] {
  const texts = [String(error), inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error) ?? ""];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 10; depth++) {
    if (current instanceof Error) {
      texts.push(current.message, current.stack ?? "", JSON.stringify(current) ?? "");
      current = current.cause;
    } else {
      texts.push(String(current));
      current = undefined;
    }
  }
  return texts;
}

function recordingLogger(lines: string[]): DashlyLogger {
  const log = (object: object, message: string) => void lines.push(JSON.stringify(object), message);
  return { debug: log, info: log, warn: log, error: log };
}

const oddText = fc.string({ unit: "binary", maxLength: 12 });

const baseUrls = fc.oneof(
  oddText,
  fc.constantFrom(
    "127.0.0.1:4010",
    "localhost:4010/v1",
    "api.dashly.app/v1",
    "ftp://127.0.0.1/v1",
    "http://[::1",
    "https://",
    "",
  ),
  fc.tuple(fc.constantFrom("live", "closed", "credentials", "query"), oddText).map(([kind, suffix]) => {
    const port = () => (kind === "closed" ? closedPort : Number(new URL(live).port));
    if (kind === "credentials") return `http://user:pw@127.0.0.1:${port()}/${suffix}`;
    if (kind === "query") return `http://127.0.0.1:${port()}/v1?x=${suffix}`;
    return `http://127.0.0.1:${port()}/${suffix}`;
  }),
);

describe("the token, whatever goes wrong (property)", () => {
  it("never shows in an error or a log line", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          token: fc.constantFrom(...tokens),
          auth: fc.constantFrom("query" as const, "header" as const),
          baseUrl: baseUrls,
          id: oddText,
          operation: fc.constantFrom("get", "post", "paginate"),
          mode: fc.constantFrom(...modes),
          retry: fc.boolean(),
        }),
        async (run) => {
          mode = run.mode;
          const lines: string[] = [];
          let failure: unknown;
          try {
            const dashly = createDashlyClient({
              token: run.token,
              auth: run.auth,
              baseUrl: run.baseUrl,
              rateLimit: false,
              retry: run.retry ? { retries: 1, minDelayMs: 0, maxDelayMs: 0 } : false,
              timeoutMs: 100,
              logger: recordingLogger(lines),
            });
            lines.push(inspect(dashly, { depth: 5, showHidden: true }));
            const path = { path: { id: run.id } };
            if (run.operation === "get") await dashly.GET("/users/{id}", { params: path });
            else if (run.operation === "post")
              await dashly.POST("/users/{id}/events", { params: path, body: { event: run.id } });
            else await dashly.paginate("/users/{id}/events", { params: path }).toArray({ limit: 5 });
          } catch (error) {
            failure = error;
          }
          for (const text of [...lines, ...textsOf(failure)]) {
            expect(text).not.toContain(run.token);
            expect(text).not.toContain(encodeURIComponent(run.token));
          }
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);
});
