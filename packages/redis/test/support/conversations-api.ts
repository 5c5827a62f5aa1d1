/**
 * A stand-in for the two Dashly operations a replying bot needs: `POST /v1/conversations/{id}/reply` (the
 * reply is stored as a part) and `GET /v1/conversations/{id}/parts` (what the conversation holds), in
 * Dashly's envelope. It counts replies per conversation, which is what "exactly one reply" is checked on.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface ConversationsApi {
  url: string;
  /** Replies posted, per conversation id. */
  replies(): Map<string, number>;
  stop(): Promise<void>;
}

const replyPath = /^\/v1\/conversations\/([^/]+)\/reply$/;
const partsPath = /^\/v1\/conversations\/([^/]+)\/parts$/;

export async function startConversationsApi(): Promise<ConversationsApi> {
  const parts = new Map<string, string[]>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = new URL(request.url ?? "/", "http://api").pathname;
      const send = (data: unknown) =>
        response
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ meta: { status: 200 }, data }));
      const reply = replyPath.exec(path);
      if (request.method === "POST" && reply) {
        const id = reply[1] as string;
        const body = new URLSearchParams(Buffer.concat(chunks).toString()).get("body") ?? "";
        parts.set(id, [...(parts.get(id) ?? []), body]);
        send({ id: String(parts.get(id)?.length), body });
        return;
      }
      const listed = partsPath.exec(path);
      if (request.method === "GET" && listed) {
        send((parts.get(listed[1] as string) ?? []).map((body) => ({ body })));
        return;
      }
      response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    replies: () => new Map([...parts].map(([id, bodies]) => [id, bodies.length])),
    stop: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
