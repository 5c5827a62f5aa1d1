/**
 * A small stand-in for the Dashly API that enforces a rate limit the way the benchmark needs it measured: a
 * sliding window per token over the moments requests arrive, with sub-millisecond clocks, and a 429
 * `TooManyRequests` envelope (with `Retry-After`) beyond it. It answers the three operations the benchmarks
 * use with valid envelopes: a page of the app's users, setting a user's props, and a conversation reply.
 * `GET /__bench/stats` (no token, not counted) tells what it saw, for a fake running in another process.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeDashlyOptions {
  /** Requests accepted per window and token. */
  limit: number;
  windowMs: number;
  /** Leads of the app, listed by `GET /apps/{id}/users`. */
  users: number;
  /** Default: a free one. */
  port?: number;
}

/** What the fake saw; times are its own `performance.now()` (ms). */
export interface FakeDashlyStats {
  /** When each accepted request arrived, oldest first, all tokens together. */
  accepted: number[];
  /** When each request with a token arrived, accepted or not. */
  arrivals: number[];
  /** 429s sent. */
  rejected: number;
  /** For each 429: how many ms too early the request came (until a slot would have freed). */
  earlyByMs: number[];
  /** Replies posted to `/conversations/{id}/reply`. */
  replies: number;
}

export interface FakeDashly {
  /** `http://127.0.0.1:<port>/v1`: the client's `baseUrl`. */
  baseUrl: string;
  stats(): FakeDashlyStats;
  stop(): Promise<void>;
}

type Envelope = { meta: Record<string, unknown>; data: unknown };

const usersPath = /^\/v1\/apps\/[^/]+\/users$/;
const propsPath = /^\/v1\/users\/[^/]+\/props$/;
const replyPath = /^\/v1\/conversations\/[^/]+\/reply$/;

export async function startFakeDashly(options: FakeDashlyOptions): Promise<FakeDashly> {
  const { limit, windowMs } = options;
  /** Per token, arrival times of the accepted requests still inside the window. */
  const windows = new Map<string, number[]>();
  const accepted: number[] = [];
  const arrivals: number[] = [];
  let rejected = 0;
  const earlyByMs: number[] = [];
  let replies = 0;

  /** Milliseconds until a slot frees, or 0 when the request may pass (and then it is counted). */
  function admit(token: string, now: number): number {
    let log = windows.get(token);
    if (log === undefined) {
      log = [];
      windows.set(token, log);
    }
    while (log.length > 0 && (log[0] as number) <= now - windowMs) log.shift();
    if (log.length >= limit) return (log[0] as number) + windowMs - now;
    log.push(now);
    accepted.push(now);
    return 0;
  }

  function route(request: IncomingMessage, url: URL, body: string): [number, Envelope] {
    if (request.method === "GET" && usersPath.test(url.pathname)) {
      const offset = Number(url.searchParams.get("offset") ?? 0);
      const count = Number(url.searchParams.get("limit") ?? 20);
      if (!(Number.isInteger(offset) && offset >= 0 && Number.isInteger(count) && count >= 1 && count <= 50))
        return badRequest("offset and limit must be integers, limit 1..50");
      const end = Math.min(options.users, offset + count);
      const users = [];
      for (let index = offset; index < end; index++)
        users.push({ id: String(1_000_000 + index), user_id: null, props: { $name: `Lead ${index}` } });
      return [200, { meta: { status: 200 }, data: { users } }];
    }
    if (request.method === "POST" && propsPath.test(url.pathname)) {
      const operations = parseJsonField(new URLSearchParams(body).get("operations"));
      if (!Array.isArray(operations)) return badRequest("operations must be a JSON array");
      const keys = operations.map((operation: { key?: unknown }) => String(operation.key));
      return [200, { meta: { status: 200, affected_props: keys }, data: {} }];
    }
    if (request.method === "POST" && replyPath.test(url.pathname)) {
      replies++;
      return [
        200,
        { meta: { status: 200 }, data: { id: String(7_000_000 + replies), part_group: "7000000" } },
      ];
    }
    return [404, { meta: { status: 404, error: "NotFound", error_message: "No such method" }, data: {} }];
  }

  const server = createServer((request, response) => {
    const arrived = performance.now();
    if (request.url === "/__bench/stats") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify(stats()));
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://fake");
      const token =
        url.searchParams.get("auth_token") ?? request.headers.authorization?.replace(/^Token /, "");
      if (!token) {
        send(response, 401, {
          meta: { status: 401, error: "NotAuthenticated", error_message: "No token" },
          data: {},
        });
        return;
      }
      arrivals.push(arrived);
      const waitMs = admit(token, arrived);
      if (waitMs > 0) {
        rejected++;
        earlyByMs.push(waitMs);
        send(
          response,
          429,
          {
            meta: { status: 429, error: "TooManyRequests", error_message: "Request limit quantity exceeded" },
            data: {},
          },
          { "retry-after": String(Math.ceil(waitMs / 1000)) },
        );
        return;
      }
      const [status, envelope] = route(request, url, Buffer.concat(chunks).toString());
      send(response, status, envelope);
    });
  });

  const stats = (): FakeDashlyStats => ({
    accepted: [...accepted],
    arrivals: [...arrivals],
    rejected,
    earlyByMs: [...earlyByMs],
    replies,
  });

  server.listen(options.port ?? 0, "127.0.0.1");
  await once(server, "listening");
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    stats,
    async stop() {
      const closed = once(server, "close");
      server.close();
      // fetch keeps its sockets alive: drop them, or close() waits for their idle timeout.
      server.closeAllConnections();
      await closed;
    },
  };
}

function send(
  response: ServerResponse,
  status: number,
  envelope: Envelope,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify(envelope);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    ...headers,
  });
  response.end(body);
}

function badRequest(message: string): [number, Envelope] {
  return [400, { meta: { status: 400, error: "BadRequest", error_message: message }, data: {} }];
}

function parseJsonField(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
