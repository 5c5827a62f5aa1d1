/**
 * How long a webhook receiver takes to acknowledge a delivery when it stores the job in Redis first
 * (createReplyQueue's enqueue) against keeping it in memory: the same small node:http receiver, the same
 * load (`connections` callers in a loop, each a POST with a fresh part id), latency per request at the caller.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createReplyQueue } from "../src/index.ts";

export interface AckLatency {
  redisMs: number[];
  memoryMs: number[];
}

type Enqueue = (id: string, body: string) => Promise<unknown>;

export async function ackLatency(
  redisUrl: string,
  requests: number,
  connections: number,
): Promise<AckLatency> {
  const queue = createReplyQueue<string>({
    connection: redisUrl,
    name: `bench-ack-${randomUUID()}`,
    handler: async () => {},
  });
  const memory: string[] = [];
  try {
    const redisMs = await measure((id, body) => queue.enqueue(id, body), requests, connections);
    const memoryMs = await measure(async (_id, body) => memory.push(body), requests, connections);
    return { redisMs, memoryMs };
  } finally {
    await queue.close({ timeoutMs: 5_000 });
  }
}

async function measure(enqueue: Enqueue, requests: number, connections: number): Promise<number[]> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      enqueue(String(request.headers["x-part-id"]), body).then(
        () => response.writeHead(200).end(),
        () => response.writeHead(503, { "retry-after": "1" }).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const latencies: number[] = [];
  let sent = 0;
  try {
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (sent++ < requests) {
          const started = performance.now();
          const response = await fetch(url, {
            method: "POST",
            headers: { "x-part-id": randomUUID(), "content-type": "application/x-www-form-urlencoded" },
            body: "type=conversation&data=%7B%22body%22%3A%22hello%22%7D",
          });
          await response.arrayBuffer();
          if (response.status !== 200) throw new Error(`the receiver answered ${response.status}`);
          latencies.push(performance.now() - started);
        }
      }),
    );
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  return latencies;
}
