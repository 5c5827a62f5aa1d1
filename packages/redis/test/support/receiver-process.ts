/**
 * A webhook receiver as a bot instance on Redis would be, reduced to the queue: it acknowledges a delivery
 * (200) once `enqueue` has stored it or found it a duplicate, answers 503 when Redis cannot take it, and its
 * worker replies through the conversations API, first checking the conversation when the job is
 * redelivered. Run as `node --import tsx receiver-process.ts '{"redisUrl","apiUrl","queue"}'`; prints
 * `ready <port>`.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createReplyQueue, RedisUnavailableError } from "../../src/index.ts";

export interface Question {
  partId: string;
  conversationId: string;
}

const settings = JSON.parse(process.argv[2] ?? "") as { redisUrl: string; apiUrl: string; queue: string };
const marker = (question: Question) => `[re:${question.partId}]`;

async function alreadyAnswered(question: Question): Promise<boolean> {
  const response = await fetch(`${settings.apiUrl}/v1/conversations/${question.conversationId}/parts`);
  const { data } = (await response.json()) as { data: Array<{ body: string }> };
  return data.some((part) => part.body.includes(marker(question)));
}

const queue = createReplyQueue<Question>({
  connection: settings.redisUrl,
  name: settings.queue,
  lockMs: 1_000,
  backoffMs: 100,
  handler: async (question, { redelivered }) => {
    if (redelivered && (await alreadyAnswered(question))) return;
    const response = await fetch(`${settings.apiUrl}/v1/conversations/${question.conversationId}/reply`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ body: `Hello! ${marker(question)}` }),
    });
    if (!response.ok) throw new Error(`reply refused: ${response.status}`);
    await response.arrayBuffer();
  },
});

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const question = JSON.parse(Buffer.concat(chunks).toString()) as Question;
    queue.enqueue(question.partId, question).then(
      (outcome) => response.writeHead(200).end(outcome),
      (error: unknown) => {
        const status = error instanceof RedisUnavailableError ? 503 : 500;
        response.writeHead(status, { "retry-after": "1" }).end();
      },
    );
  });
});
server.listen(0, "127.0.0.1", () => console.log(`ready ${(server.address() as AddressInfo).port}`));
process.once("SIGTERM", () => {
  server.close();
  void queue.close({ timeoutMs: 5_000 }).then(() => process.exit(0));
});
