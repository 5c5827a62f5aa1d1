import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readWebhook, WebhookError } from "../../src/index.ts";

export interface WebhookServer {
  url: string;
  /** Bytes the server's sockets had read from the wire, summed over every request so far. */
  bytesRead(): number;
  close(): Promise<void>;
}

/**
 * A real `node:http` server on 127.0.0.1 that answers each POST with what readWebhook made of it: 200 and the
 * delivery as JSON, or the refusal's status with its code and message.
 */
export async function startWebhookServer(options: {
  token: string;
  limitBytes?: number;
}): Promise<WebhookServer> {
  const sockets = new Set<import("node:net").Socket>();
  const server: Server = createServer(async (request, response) => {
    sockets.add(request.socket);
    try {
      const delivery = await readWebhook(request, options);
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(delivery));
    } catch (error) {
      if (!(error instanceof WebhookError)) throw error;
      // The rest of a refused body is never read, so the connection cannot carry another request.
      response
        .writeHead(error.status, { "content-type": "application/json", connection: "close" })
        .end(JSON.stringify({ code: error.code, message: error.message }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/dashly`,
    bytesRead: () => [...sockets].reduce((sum, socket) => sum + socket.bytesRead, 0),
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
