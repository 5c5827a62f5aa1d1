/**
 * The baseline of the bot-ack benchmark, run as its own process like the bot: a bare node:http server that
 * does the least a webhook handler can (read the form, JSON.parse the conversation) and answers 200.
 * Listens on 127.0.0.1:$PORT and, started over IPC, reports its URL (see scripts/child-process.ts).
 */
import { createServer } from "node:http";

const ok = Buffer.from('{"ok":true}');
const bad = Buffer.from('{"ok":false}');

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    let answer = ok;
    try {
      JSON.parse(new URLSearchParams(Buffer.concat(chunks).toString()).get("conversation") ?? "");
    } catch {
      answer = bad;
    }
    response.writeHead(answer === ok ? 200 : 400, {
      "content-type": "application/json; charset=utf-8",
      "content-length": answer.byteLength,
    });
    response.end(answer);
  });
});

server.listen(Number(process.env.PORT), "127.0.0.1", () => {
  const address = server.address();
  if (typeof address === "object" && address)
    process.send?.({ listening: `http://127.0.0.1:${address.port}` });
});
process.once("SIGTERM", () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
// Started over IPC: stop with the process that started it, rather than outlive it.
process.once("disconnect", () => process.kill(process.pid, "SIGTERM"));
