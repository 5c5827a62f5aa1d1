import {
  Agent,
  createServer,
  request as forwardRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from "node:http";
import { MockStartError } from "./prism-process.ts";
import { dashlyRefusal, isPrismRefusal } from "./prism-refusals.ts";
import type { Violation } from "./violations.ts";
import { type DashlyErrorEnvelope, dashlyError } from "./wire/envelope.ts";
import { type WireRules, withoutTrailingSlash } from "./wire/rules.ts";

export interface FrontOptions {
  /** Prism's own URL. */
  upstream: string;
  rules: WireRules;
  /**
   * `mock`: refuse in Dashly's envelope what the wire rules refuse, and turn Prism's refusals into Dashly
   * envelopes. `proxy`: Prism is validating a real server; a request the rules refuse is forwarded as sent
   * (trailing slash dropped) so that Prism reports it and the server answers it.
   */
  mode: "mock" | "proxy";
  host: string;
  /** 0: a port the system picks. */
  port: number;
}

export interface Front {
  url: string;
  stop(): Promise<void>;
}

/** Larger than any body Dashly takes (a 10 MB attachment): refused rather than held in memory. */
const maxBodyBytes = 32 * 1024 * 1024;

/** Request headers that describe the incoming connection, not the request. */
const hopByHop = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "host"]);
/** Answer headers that describe Prism's connection; the front's own takes their place. */
const passedBy = new Set(["connection", "keep-alive", "transfer-encoding"]);

/**
 * The server on the mock's public port: it reads each request, applies Dashly's wire rules (wire/rules.ts),
 * forwards the canonical request to Prism, and gives back Prism's answer, in Dashly's envelope when Prism
 * refused. One keep-alive connection pool to Prism.
 */
export async function startFront(options: FrontOptions): Promise<Front> {
  const upstream = new URL(options.upstream);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    if (body === undefined) {
      const message = `The body is larger than ${maxBodyBytes} bytes`;
      return sendRefusal(response, 400, dashlyError(400, "BadRequest", message), [
        { location: ["request", "body"], severity: "Error", code: "size", message },
      ]);
    }
    const method = request.method ?? "GET";
    const url = new URL(request.url ?? "/", "http://front");
    const rawPath = (request.url ?? "/").split("?", 1)[0] ?? "/";
    // Preflights are Prism's (CORS); they carry no arguments.
    if (method === "OPTIONS") return forward(response, method, rawPath + url.search, request.headers, body);

    const outcome = await options.rules({
      method,
      path: rawPath,
      query: url.search,
      headers: request.headers,
      body,
    });
    if (outcome.ok) {
      const canonical = outcome.request;
      const query = canonical.query.toString();
      const headers: OutgoingHttpHeaders = Object.fromEntries(canonical.headers);
      return forward(
        response,
        method,
        `${canonical.path}${query ? `?${query}` : ""}`,
        headers,
        canonical.body?.bytes,
      );
    }
    if (options.mode === "proxy")
      return forward(response, method, withoutTrailingSlash(rawPath) + url.search, request.headers, body);
    const { status, envelope, violations } = outcome.refusal;
    return sendRefusal(response, status, envelope, violations);
  }

  function forward(
    response: ServerResponse,
    method: string,
    path: string,
    incoming: OutgoingHttpHeaders,
    body: Uint8Array | undefined,
  ): Promise<void> {
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(incoming)) {
      if (value !== undefined && !hopByHop.has(name)) headers[name] = value;
    }
    if (body && body.length > 0) headers["content-length"] = String(body.length);
    const send = (retryOnStaleSocket: boolean): Promise<void> =>
      new Promise((resolve, reject) => {
        const outgoing = forwardRequest(
          { host: upstream.hostname, port: upstream.port, method, path, headers, agent },
          (answer) => {
            const status = answer.statusCode ?? 502;
            if (options.mode === "mock" && isPrismRefusal(status, answer.headers)) {
              readBody(answer).then((payload) => {
                const refusal = dashlyRefusal(status, answer.headers, payload ?? Buffer.alloc(0));
                sendRefusal(response, refusal.status, refusal.envelope, refusal.violations);
                resolve();
              }, reject);
              return;
            }
            const kept = Object.entries(answer.headers).filter(
              ([name, value]) => value !== undefined && !passedBy.has(name),
            );
            response.writeHead(status, Object.fromEntries(kept));
            answer.pipe(response);
            answer.once("end", resolve);
            answer.once("error", reject);
          },
        );
        outgoing.once("error", (error: NodeJS.ErrnoException) => {
          // A kept-alive connection Prism closed just as it was reused (Node's documented race): send again
          // on a new one. Safe, as the mock keeps no state.
          if (retryOnStaleSocket && outgoing.reusedSocket && error.code === "ECONNRESET")
            send(false).then(resolve, reject);
          else reject(error);
        });
        outgoing.end(body && body.length > 0 ? body : undefined);
      });
    return send(true);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent || response.destroyed) {
        response.destroy();
        return;
      }
      const message = `The mock could not answer: ${error instanceof Error ? error.message : String(error)}`;
      sendRefusal(response, 500, dashlyError(500, "Error500", message), []);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) =>
      reject(new MockStartError(`Cannot serve on ${options.host}:${options.port}: ${error.message}`, "")),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

function sendRefusal(
  response: ServerResponse,
  status: number,
  envelope: DashlyErrorEnvelope,
  violations: readonly Violation[],
): void {
  if (response.destroyed) return;
  const payload = Buffer.from(JSON.stringify(envelope));
  const headers: OutgoingHttpHeaders = {
    "content-type": "application/json",
    "content-length": String(payload.length),
  };
  if (violations.length > 0) headers["sl-violations"] = JSON.stringify(violations);
  response.writeHead(status, headers);
  response.end(payload);
}

/** The whole body, or undefined when it is larger than `maxBodyBytes` (then read to its end and dropped). */
function readBody(stream: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    stream.once("end", () => resolve(size > maxBodyBytes ? undefined : Buffer.concat(chunks)));
    stream.once("error", reject);
  });
}
