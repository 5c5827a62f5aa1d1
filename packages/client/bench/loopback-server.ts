import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the loopback server saw it, to check that every variant sends the same one. */
export interface SeenRequest {
  method: string;
  url: string;
  contentType: string | undefined;
  body: string;
}

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>/v1` */
  baseUrl: string;
  /** Resolves with the next request that arrives, body included. */
  nextRequest(): Promise<SeenRequest>;
  close(): Promise<void>;
}

const getAnswer = Buffer.from(
  JSON.stringify({ meta: { status: 200 }, data: { id: "7100586", created: 1450342055, closed: false } }),
);
const postAnswer = Buffer.from(JSON.stringify({ meta: { status: 200 }, data: {} }));

/**
 * The cheapest server that still speaks real HTTP over a real socket: the same small envelope for every
 * GET, another for every POST, so that its cost is the same for every client measured against it.
 */
export async function startLoopbackServer(): Promise<LoopbackServer> {
  let waiting: ((seen: SeenRequest) => void) | undefined;

  const server = createServer((request, response) => {
    const report = waiting;
    waiting = undefined;
    const chunks: Buffer[] = [];
    // Keep the body only when asked to; otherwise read and drop it.
    if (report) request.on("data", (chunk: Buffer) => chunks.push(chunk));
    else request.resume();
    request.on("end", () => {
      report?.({
        method: request.method ?? "",
        url: request.url ?? "",
        contentType: request.headers["content-type"],
        body: Buffer.concat(chunks).toString(),
      });
      const answer = request.method === "GET" ? getAnswer : postAnswer;
      response.writeHead(200, { "Content-Type": "application/json", "Content-Length": answer.byteLength });
      response.end(answer);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    nextRequest: () =>
      new Promise((resolve) => {
        waiting = resolve;
      }),
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // fetch keeps its sockets alive: drop them, or close() waits for their idle timeout.
        server.closeAllConnections();
      }),
  };
}
