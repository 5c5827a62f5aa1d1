import { once } from "node:events";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface Gate {
  url: string;
  /** Resolves once `count` requests have arrived (held or not). */
  arrived(count: number): Promise<void>;
  /** Lets every held request through, and every later one at once. */
  open(): void;
  stop(): Promise<void>;
}

/**
 * An HTTP proxy that holds every request it gets until `open()` is called, then forwards them to `upstream`
 * and relays the answers: replies that are "still under way" for exactly as long as a test says.
 */
export async function startGate(upstream: string): Promise<Gate> {
  let openGate: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    openGate = resolve;
  });
  let count = 0;
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const server = createServer(async (request, response) => {
    count += 1;
    for (const waiter of waiters.filter((one) => one.count <= count)) waiter.resolve();
    const body = await readAll(request);
    await opened;
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === "string" && !["host", "connection", "content-length"].includes(name))
        headers.set(name, value);
    }
    const answer = await fetch(new URL(request.url ?? "/", upstream), {
      method: request.method ?? "GET",
      headers,
      ...(body.length > 0 && { body }),
    });
    const text = Buffer.from(await answer.arrayBuffer());
    response.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "text/plain" });
    response.end(text);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrived: (wanted) =>
      wanted <= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count: wanted, resolve })),
    open: () => openGate(),
    async stop() {
      openGate();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function readAll(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
