import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { type FaultKind, faultKinds, faultPlan, pickFault } from "./fault-plan.ts";
import { formFields, identityOf, operationOf, routeOf } from "./request-identity.ts";
import { readViolations, type Violation } from "./violations.ts";
import { dashlyError } from "./wire/envelope.ts";
import { withoutTrailingSlash } from "./wire/rules.ts";

export interface FaultInjectorOptions {
  /** The server to forward to, normally the mock (`startMock().url`). */
  upstream: string;
  /** Share of requests that meet a fault, from 0 to 1. */
  faultRate: number;
  /** Same seed, same faults for the same requests, whatever order they arrive in. Default 0. */
  seed?: number | string;
  /** The kinds to pick from, evenly. Default: all of `faultKinds`. */
  faults?: readonly FaultKind[];
  /** How long a `slow` fault holds a request: make it longer than the client's timeout. Default 10 000. */
  slowMs?: number;
  /** The `Retry-After` of a `rate-limited` fault, in seconds. Default 1. */
  retryAfterSeconds?: number;
  /** Held before every forward, faulted or not: a slow API, e.g. to keep requests under way. Default 0. */
  latencyMs?: number;
  /** Default: a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
}

/** What the injector saw and did. Never holds the token: the `auth_token` field is left out of every key. */
export interface FaultInjectorStats {
  /** Requests received, faulted or not. */
  seen: number;
  /** Faults injected, by kind. */
  faults: Record<FaultKind, number>;
  /** Requests the upstream answered, i.e. acted on: those without a fault, plus `slow` and `truncated` ones that reached it. */
  forwarded: number;
  /** Forwarded requests by method and path, e.g. `POST /conversations/1/reply`. */
  forwardedByRoute: Record<string, number>;
  /** Forwarded requests by method, path, query and body (see `identityOf`): a count above 1 is a duplicate. */
  forwardedByIdentity: Record<string, number>;
  /** The identities forwarded more than once. */
  duplicated: string[];
}

/** A request the upstream answered, as `forwarded()` lists it. */
export interface ForwardedRequest {
  method: string;
  /** Without the query, which may carry the token. */
  path: string;
  /** The url-encoded form fields sent; empty for any other body. The last of a repeated field wins. */
  form: Record<string, string>;
  /** The upstream's status (before a `truncated` fault cut the body). */
  status: number;
  /** What the upstream, when it is the mock, found wrong with the request (its `sl-violations`). */
  violations: Violation[];
}

export interface RunningFaultInjector {
  /** Base URL to give the code under test instead of the upstream's. */
  url: string;
  stats(): FaultInjectorStats;
  /** Every request the upstream answered, in the order it answered them. */
  forwarded(): ForwardedRequest[];
  /** Closes every connection, held ones included, and stops listening. */
  stop(): Promise<void>;
}

/** Headers that describe one connection or encoding and must not be copied onto another. */
const hopByHop = new Set([
  "host",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "content-encoding",
]);

const json = { "content-type": "application/json" };

/**
 * A loopback proxy in front of `upstream` that fails a seeded `faultRate` share of the requests (see
 * `FaultKind`). Faults happen before the request is forwarded, so a faulted request was not acted on, except
 * `truncated`, which forwards and then cuts the answer, and `slow` when the client waits longer than
 * `slowMs`. `stats()` counts what reached the upstream, so a test can tell a lost request from a duplicate.
 */
export async function startFaultInjector(options: FaultInjectorOptions): Promise<RunningFaultInjector> {
  const plan = faultPlan(options.faultRate, options.seed ?? 0, options.faults ?? faultKinds);
  const slowMs = options.slowMs ?? 10_000;
  const retryAfter = String(options.retryAfterSeconds ?? 1);
  const latencyMs = options.latencyMs ?? 0;
  if (!(slowMs >= 0)) throw new RangeError("slowMs must not be negative");
  if (!(latencyMs >= 0)) throw new RangeError("latencyMs must not be negative");
  const upstream = new URL(options.upstream).href.replace(/\/$/, "");
  const host = options.host ?? "127.0.0.1";

  const occurrences = new Map<string, number>();
  const counts = {
    seen: 0,
    faults: Object.fromEntries(faultKinds.map((kind) => [kind, 0])) as Record<FaultKind, number>,
    forwarded: 0,
    byRoute: new Map<string, number>(),
    byIdentity: new Map<string, number>(),
  };
  const forwarded: ForwardedRequest[] = [];
  const stopping = new AbortController();

  async function forward(request: IncomingMessage, url: URL, body: Buffer): Promise<Answer> {
    const method = request.method ?? "GET";
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === "string" && !hopByHop.has(name)) headers.set(name, value);
    }
    const answer = await fetch(`${upstream}${url.pathname}${url.search}`, {
      method,
      headers,
      redirect: "manual",
      ...(body.length > 0 && { body }),
    });
    const payload = Buffer.from(await answer.arrayBuffer());
    counts.forwarded += 1;
    increment(counts.byRoute, routeOf(method, url));
    const form = formFields(request.headers["content-type"], body);
    increment(counts.byIdentity, identityOf(method, url, form, body));
    forwarded.push({
      method,
      path: withoutTrailingSlash(url.pathname),
      form: Object.fromEntries(form ?? []),
      status: answer.status,
      violations: readViolations(answer),
    });
    const kept = [...answer.headers].filter(([name]) => !hopByHop.has(name));
    return { status: answer.status, headers: Object.fromEntries(kept), body: payload };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const url = new URL(request.url ?? "/", "http://injector");
    const operation = operationOf(request.method ?? "GET", url);
    const occurrence = (occurrences.get(operation) ?? 0) + 1;
    occurrences.set(operation, occurrence);
    counts.seen += 1;
    const fault = pickFault(plan, operation, occurrence);
    if (fault !== undefined) counts.faults[fault] += 1;

    switch (fault) {
      case "rate-limited":
        return send(response, {
          status: 429,
          headers: { ...json, "retry-after": retryAfter },
          body: envelope(429, "TooManyRequests", "Request limit quantity exceeded"),
        });
      case "server-error":
        return send(response, {
          status: 500,
          headers: json,
          body: envelope(500, "Error500", "Internal service error"),
        });
      case "unavailable":
        return send(response, {
          status: 503,
          headers: json,
          body: envelope(503, "Error500", "Service temporarily unavailable"),
        });
      case "dropped":
        request.socket.destroy();
        return;
      case "slow":
        if (!(await heldWhileConnected(response, slowMs, stopping.signal))) return;
        break;
    }
    if (latencyMs > 0 && !(await heldWhileConnected(response, latencyMs, stopping.signal))) return;
    const answer = await forward(request, url, body);
    if (fault === "truncated") answer.body = answer.body.subarray(0, Math.floor(answer.body.length / 2));
    send(response, answer);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent || response.destroyed) {
        response.destroy();
        return;
      }
      send(response, {
        status: 502,
        headers: { "content-type": "text/plain" },
        body: Buffer.from(`fault injector: ${error instanceof Error ? error.message : String(error)}`),
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    stats: () => ({
      seen: counts.seen,
      faults: { ...counts.faults },
      forwarded: counts.forwarded,
      forwardedByRoute: Object.fromEntries(counts.byRoute),
      forwardedByIdentity: Object.fromEntries(counts.byIdentity),
      duplicated: [...counts.byIdentity].filter(([, count]) => count > 1).map(([identity]) => identity),
    }),
    forwarded: () => [...forwarded],
    stop: () =>
      new Promise<void>((resolve) => {
        stopping.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

function send(response: ServerResponse, answer: Answer): void {
  if (response.destroyed) return;
  response.writeHead(answer.status, { ...answer.headers, "content-length": String(answer.body.length) });
  response.end(answer.body);
}

function envelope(status: number, error: string, message: string): Buffer {
  return Buffer.from(JSON.stringify(dashlyError(status, error, message)));
}

function increment(counter: Map<string, number>, key: string): void {
  counter.set(key, (counter.get(key) ?? 0) + 1);
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Waits `ms`, then resolves true if the client is still there; false as soon as it leaves (its timeout) or the
 * injector stops, so that a request the client gave up on is never forwarded.
 */
function heldWhileConnected(response: ServerResponse, ms: number, stopping: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const finish = (connected: boolean): void => {
      clearTimeout(timer);
      response.off("close", onClose);
      stopping.removeEventListener("abort", onStop);
      resolve(connected);
    };
    const onClose = (): void => finish(false);
    const onStop = (): void => finish(false);
    const timer = setTimeout(finish, ms, true);
    response.once("close", onClose);
    stopping.addEventListener("abort", onStop, { once: true });
    if (stopping.aborted) finish(false);
  });
}
