import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { buildChatDelivery } from "@dashly/webhooks/testing";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";

// A stand-in for the sandbox while its core is built elsewhere: only the BRIEF's control API and SSE events
// the pages use, plus the one Dashly operation the test bot calls (reply), kept in memory.

type Part = {
  id: string;
  conversation: string;
  body: string;
  direction: "u2a" | "a2u";
  type: string;
  created: number;
  from: unknown;
};
type Delivery = {
  id: string;
  type: "conversation";
  conversationId: string;
  direction: string;
  status: string;
  attempts: number;
  responseStatus: number | null;
  error: string | null;
};
type Listener = (event: string, data: unknown) => void;

/** The part of `startSandbox()`'s options and answer the browser tests use. */
export async function startContractSandbox(options: { pagesDir?: string } = {}) {
  const apiToken = "sandbox-token";
  const webhookToken = "sandbox-webhook-token";
  let webhookUrl: string | undefined;
  let nextId = 1160406004324630000n; // past 2^53, as real IDs are
  const newId = () => String(nextId++);
  const conversations = new Map<
    string,
    { id: string; user: string; parts: Part[]; tags: string[]; closed: boolean }
  >();
  const deliveries: Delivery[] = [];
  const listeners = new Set<Listener>();
  const emit: Listener = (event, data) => {
    for (const listener of listeners) listener(event, data);
  };
  const view = (id: string) => {
    const c = conversations.get(id);
    return (
      c && {
        id: c.id,
        created: c.parts[0]?.created ?? 0,
        parts: c.parts,
        tags: c.tags,
        assignee: null,
        closed: c.closed,
      }
    );
  };

  async function deliver(part: Part) {
    if (!webhookUrl) return;
    const delivery: Delivery = {
      id: String(deliveries.length + 1),
      type: "conversation",
      conversationId: part.conversation,
      direction: part.direction,
      status: "pending",
      attempts: 0,
      responseStatus: null,
      error: null,
    };
    deliveries.push(delivery);
    const { body, headers } = buildChatDelivery(
      { ...part, conversation_closed: false, conversation_tags: [] } as never,
      { token: webhookToken },
    );
    delivery.attempts = 1;
    try {
      const response = await fetch(webhookUrl, {
        method: "POST",
        headers: { ...headers, "user-agent": "Dashly Webhook 1.0" },
        body,
      });
      delivery.responseStatus = response.status;
      delivery.status = response.ok ? "delivered" : "failed";
    } catch (error) {
      Object.assign(delivery, { status: "failed", error: String(error) });
    }
    emit("delivery", { delivery });
  }

  function addPart(conversationId: string, direction: Part["direction"], body: string): Part {
    const c = conversations.get(conversationId);
    if (!c) throw new Error("no such conversation");
    const from = direction === "u2a" ? c.user : { type: "default_admin", name: "Sandbox" };
    const part: Part = {
      id: newId(),
      conversation: c.id,
      body,
      direction,
      type: direction === "u2a" ? "reply_user" : "reply_admin",
      created: Math.floor(Date.now() / 1000),
      from,
    };
    c.parts.push(part);
    emit("part", { conversationId: c.id, part });
    emit("conversation", { conversation: view(c.id) });
    void deliver(part);
    return part;
  }

  const app = new Hono();
  app.post("/_sandbox/chats", (c) => {
    const conversation = { id: newId(), user: newId(), parts: [], tags: [], closed: false };
    conversations.set(conversation.id, conversation);
    return c.json({ userId: conversation.user, conversationId: conversation.id });
  });
  app.get("/_sandbox/conversations/:id", (c) => {
    const conversation = view(c.req.param("id"));
    return conversation ? c.json(conversation) : c.json({ error: "LookupError" }, 404);
  });
  app.post("/_sandbox/conversations/:id/lead-says", async (c) => {
    if (!conversations.has(c.req.param("id"))) return c.json({ error: "LookupError" }, 404);
    const { body } = await c.req.json<{ body: string }>();
    return c.json(addPart(c.req.param("id"), "u2a", body));
  });
  app.post("/_sandbox/conversations/:id/operator-says", async (c) => {
    if (!conversations.has(c.req.param("id"))) return c.json({ error: "LookupError" }, 404);
    const { body } = await c.req.json<{ body: string }>();
    return c.json(addPart(c.req.param("id"), "a2u", body));
  });
  app.post("/_sandbox/reset", (c) => {
    conversations.clear();
    deliveries.length = 0;
    emit("reset", {});
    return c.json({});
  });
  app.get("/_sandbox/deliveries", (c) => c.json(deliveries));
  app.get("/_sandbox/events", (c) =>
    streamSSE(c, async (stream) => {
      const listener: Listener = (event, data) => void stream.writeSSE({ event, data: JSON.stringify(data) });
      listeners.add(listener);
      await new Promise<void>((resolve) => stream.onAbort(resolve));
      listeners.delete(listener);
    }),
  );
  app.post("/v1/conversations/:id/reply", async (c) => {
    const form = await c.req.parseBody();
    const part = addPart(c.req.param("id"), "a2u", String(form.body ?? ""));
    return c.json({ meta: { status: 200 }, data: { id: part.id, part_group: part.id } });
  });
  // The built pages, laid out as the sandbox serves them: /chat/ is chat/index.html, /chat/chat.js beside it.
  const pagesDir = options.pagesDir ?? fileURLToPath(new URL("../../../dist/ui/", import.meta.url));
  const types: Record<string, string> = { html: "text/html", js: "text/javascript", css: "text/css" };
  app.get("*", async (c, next) => {
    const [, page, slash, file] = /^\/(chat|docs)(\/([a-z]+\.[a-z]+)?)?$/.exec(c.req.path) ?? [];
    if (!page) return next();
    if (!slash) return c.redirect(`/${page}/`);
    const content = await readFile(`${pagesDir}${page}/${file ?? "index.html"}`);
    return c.body(new Uint8Array(content), 200, {
      "content-type": types[(file ?? ".html").split(".").pop() ?? ""] ?? "text/plain",
    });
  });

  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    apiUrl: `${url}/v1`,
    apiToken,
    webhookToken,
    setWebhookUrl(next: string | undefined) {
      webhookUrl = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        listeners.clear();
        (server as import("node:http").Server).closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
