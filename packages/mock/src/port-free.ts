import { createServer } from "node:net";

/** Resolves when nothing listens on `host:port`; rejects with the listen error (e.g. EADDRINUSE) otherwise. */
export function assertPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, host, () => server.close(() => resolve()));
  });
}
