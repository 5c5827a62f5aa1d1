import { createServer, type IncomingMessage } from "node:http";
import { readViolations, type Violation } from "@dashly/mock";

/** One request that went through the proxy, with the answer it got. */
export interface Recorded {
  method: string;
  /** Path without the query (the query carries the API token). */
  path: string;
  /** The form fields sent. */
  form: Record<string, string>;
  status: number;
  violations: Violation[];
}

export interface RecordingProxy {
  url: string;
  recorded: Recorded[];
  stop(): Promise<void>;
}

/** Headers that describe one connection or encoding and must not be copied onto another. */
const hopByHop = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "content-encoding",
]);

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A loopback proxy in front of the mock that writes down every request and the mock's verdict, so the demo
 * and the end-to-end tests can count exactly what the bot sent.
 */
export async function startRecordingProxy(
  upstream: string,
  options: { delayMs?: number } = {},
): Promise<RecordingProxy> {
  const recorded: Recorded[] = [];
  const server = createServer(async (request, response) => {
    try {
      const body = await readBody(request);
      // A slow API, for tests of what the bot does while replies are still under way.
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      const url = new URL(request.url ?? "/", upstream);
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === "string" && name !== "host" && name !== "connection") headers.set(name, value);
      }
      const answer = await fetch(`${upstream.replace(/\/$/, "")}${url.pathname}${url.search}`, {
        method: request.method,
        headers,
        ...(body.length > 0 && { body }),
      });
      const text = await answer.text();
      const isForm = request.headers["content-type"]?.startsWith("application/x-www-form-urlencoded");
      recorded.push({
        method: request.method ?? "GET",
        path: url.pathname,
        form: isForm ? Object.fromEntries(new URLSearchParams(body.toString("utf8"))) : {},
        status: answer.status,
        violations: readViolations(answer),
      });
      const forwarded = [...answer.headers].filter(([name]) => !hopByHop.has(name));
      response.writeHead(answer.status, Object.fromEntries(forwarded));
      response.end(text);
    } catch (error) {
      response.writeHead(502, { "content-type": "text/plain" });
      response.end(`recording proxy: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    recorded,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
