import { randomInt } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { createDashlyClient } from "@dashly/client";
import { parseWebhook, WebhookError } from "@dashly/webhooks";

export interface EchoBot {
  /** Where the sandbox sends its chat webhooks. */
  url: string;
  /** What went wrong while replying (a failed reply must fail the test that waits for it, not vanish). */
  errors: unknown[];
  close(): Promise<void>;
}

/** What the bot answers to a lead's message. */
export const echoOf = (body: string) => `Echo: ${body}`;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * A small real bot on a real port: it takes the sandbox's chat webhook, parses it with @dashly/webhooks and
 * answers each lead's message through @dashly/client, as a bot built on this kit does.
 */
export async function startEchoBot(options: {
  /** The sandbox's Dashly API, `<origin>/v1`. */
  apiBase: string;
  apiToken: string;
  webhookToken: string;
}): Promise<EchoBot> {
  const client = createDashlyClient({ baseUrl: options.apiBase, token: options.apiToken, rateLimit: false });
  const errors: unknown[] = [];

  const server = createServer(async (request, response) => {
    let delivery: ReturnType<typeof parseWebhook>;
    try {
      delivery = parseWebhook(await readBody(request), {
        token: options.webhookToken,
        contentType: request.headers["content-type"],
      });
    } catch (error) {
      errors.push(error);
      const status = error instanceof WebhookError ? error.status : 500;
      response.writeHead(status).end();
      return;
    }
    response.writeHead(200).end();
    // The chat webhook fires for the bot's own replies too: answer the lead only.
    if (delivery.type !== "conversation" || delivery.part.direction !== "u2a") return;
    const { conversation, body = "" } = delivery.part;
    client
      .POST("/conversations/{id}/reply", {
        params: { path: { id: conversation } },
        body: { body: echoOf(body), from_admin: "default_admin", random_id: randomInt(1, 2 ** 31) },
      })
      .catch((error: unknown) => errors.push(error));
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/dashly`,
    errors,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
