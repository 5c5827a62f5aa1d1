import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the cutting server saw it. */
export interface ReceivedRequest {
  method: string;
  /** Pathname only. */
  path: string;
  body: string;
}

export interface CuttingServer {
  /** `http://127.0.0.1:<port>/v1` */
  baseUrl: string;
  /** Every request that reached the server, cut or answered. */
  readonly received: readonly ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on loopback whose first `cuts` answers stop halfway: the status, the headers (with the
 * whole body's Content-Length) and half the body go out, then the socket is destroyed, as when a connection
 * drops mid-answer. Later requests get the whole answer. Every answer is `answer(request)` as JSON.
 */
export async function startCuttingServer(options: {
  cuts: number;
  answer: (request: ReceivedRequest) => unknown;
}): Promise<CuttingServer> {
  const received: ReceivedRequest[] = [];

  const server = createServer(async (request, response) => {
    const seen = {
      method: request.method ?? "",
      path: new URL(request.url ?? "/", "http://loopback").pathname,
      body: await readBody(request),
    };
    received.push(seen);
    const body = Buffer.from(JSON.stringify(options.answer(seen)));
    response.writeHead(200, { "Content-Type": "application/json", "Content-Length": body.length });
    if (received.length > options.cuts) {
      response.end(body);
      return;
    }
    response.write(body.subarray(0, Math.floor(body.length / 2)), () => request.socket.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    received,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}
