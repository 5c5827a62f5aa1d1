import type { AddressInfo, Server } from "node:net";
import { fileURLToPath } from "node:url";
import { createAdaptorServer } from "@hono/node-server";
import { conversationWithParts, partView } from "./control/views.ts";
import { DEFAULT_API_TOKEN, DEFAULT_WEBHOOK_TOKEN, type SandboxOptions } from "./options.ts";
import { defaultPagesDir } from "./package-files.ts";
import { createApp } from "./server/app.ts";
import { SandboxCore } from "./server/core.ts";
import { addPart, createConversation, createUser } from "./state/chat.ts";
import type { Fixtures, SeedResult } from "./state/fixtures.ts";
import type { StateSnapshot } from "./state/records.ts";
import type { Delivery } from "./webhooks/delivery-log.ts";

/** The origin `sandbox.fetch` answers for when the sandbox does not listen (`port: false`). */
export const IN_PROCESS_ORIGIN = "http://sandbox.invalid";

/** A running sandbox. IDs are strings. */
export interface RunningSandbox {
  /** Origin of the sandbox, e.g. `http://127.0.0.1:4020` (`http://sandbox.invalid` with `port: false`). */
  url: string;
  /** Base URL of the Dashly API: `url + "/v1"`. Give it to the client as `baseUrl`. */
  apiUrl: string;
  /** Answers a request in-process, no socket involved: give it to the client as `fetch`. */
  fetch: typeof fetch;
  /** The API token the sandbox accepts first, and the webhook token its deliveries carry. */
  apiToken: string;
  webhookToken: string;
  /** IDs of the app, its operator and its bot (after the last reset). */
  readonly ids: { appId: string; operatorId: string; botId: string };
  /** Back to the defaults and the configured fixtures; empties the delivery log. */
  reset(): void;
  seed(fixtures: Fixtures): SeedResult;
  snapshot(): StateSnapshot;
  /** A new lead and their (empty) conversation. */
  startChat(name?: string): { userId: string; conversationId: string };
  /** The lead writes in the chat: the part is stored and the webhook fires. */
  leadSays(conversationId: string, body: string): Record<string, unknown>;
  /** An operator (default: the sandbox's operator) writes: stored, and the webhook fires. */
  operatorSays(conversationId: string, body: string, adminId?: string): Record<string, unknown>;
  /** The conversation with its parts, oldest first (as `GET /_sandbox/conversations/{id}`). */
  conversation(conversationId: string): Record<string, unknown>;
  /** The delivery log, oldest first. */
  deliveries(): Delivery[];
  /**
   * Resolves with the first delivery (already made or to come) that `predicate` accepts, each time one is made
   * or its status changes. Rejects after `timeoutMs` (default 5000), naming the deliveries seen.
   */
  waitForDelivery(
    predicate: (delivery: Delivery) => boolean,
    options?: { timeoutMs?: number },
  ): Promise<Delivery>;
  /**
   * Sends delivery `id` of the log again, as a new delivery (a duplicate, as Dashly's retries make them);
   * `token` replaces the webhook token, to show a bot a forged delivery.
   */
  redeliver(id: string, options?: { token?: string }): Delivery;
  /** Answers or deliveries the sandbox made that broke the spec (empty when all is well). */
  violations(): string[];
  /** Points the chat webhook at another URL (or none). */
  setWebhookUrl(url: string | undefined): void;
  stop(): Promise<void>;
}

/** Starts a sandbox in this process: listening on a port (default a free one) unless `port: false`. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const core = new SandboxCore(options);
  const pagesDir = options.pagesDir ?? fileURLToPath(defaultPagesDir);
  const { app, streams } = createApp(core, pagesDir);
  let url = IN_PROCESS_ORIGIN;
  let server: ReturnType<typeof createAdaptorServer> | undefined;
  const requestedPort = options.port;
  if (requestedPort !== false) {
    server = createAdaptorServer({
      fetch: app.fetch,
      overrideGlobalObjects: options.replaceGlobalFetchClasses === true,
    });
    const listening = server as Server;
    const host = options.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
      listening.once("error", reject);
      listening.listen(requestedPort ?? 0, host, () => resolve());
    });
    const { port } = listening.address() as AddressInfo;
    url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  }
  const origin = url;
  const inProcessFetch = ((input: string | URL | Request, init?: RequestInit) => {
    const request =
      input instanceof Request && init === undefined
        ? input
        : new Request(typeof input === "string" && input.startsWith("/") ? origin + input : input, init);
    return Promise.resolve(app.fetch(request));
  }) as typeof fetch;

  const conversationOf = (id: string) => {
    const conversation = core.store.conversations.get(id);
    if (!conversation) throw new TypeError(`@dashly/sandbox: no conversation ${id}`);
    return conversation;
  };
  const changed = <T>(value: T): T => {
    core.changed();
    return value;
  };

  return {
    url,
    apiUrl: `${url}/v1`,
    fetch: inProcessFetch,
    apiToken: options.apiTokens?.[0] ?? DEFAULT_API_TOKEN,
    webhookToken: options.webhookToken ?? DEFAULT_WEBHOOK_TOKEN,
    get ids() {
      return { appId: core.defaults.app, operatorId: core.defaults.operator, botId: core.defaults.bot };
    },
    reset: () => core.reset(),
    seed: (fixtures) => core.seed(fixtures),
    snapshot: () => core.snapshot(),
    startChat(name) {
      const user = createUser(core.world, core.defaults.app, null, {
        $name: name ?? `Lead ${core.store.users.size + 1}`,
      });
      const conversation = createConversation(core.world, user);
      return changed({ userId: user.id, conversationId: conversation.id });
    },
    leadSays(conversationId, body) {
      const conversation = conversationOf(conversationId);
      const part = addPart(core.world, conversation, {
        type: "reply_user",
        from: { kind: "user", id: conversation.user },
        body,
      });
      return changed(partView(core.store, part));
    },
    operatorSays(conversationId, body, adminId) {
      const conversation = conversationOf(conversationId);
      const admin = adminId ?? core.defaults.operator;
      if (core.store.admins.get(admin)?.app !== conversation.app)
        throw new TypeError(`@dashly/sandbox: no admin ${admin} in the app`);
      const part = addPart(core.world, conversation, {
        type: "reply_admin",
        from: { kind: "admin", id: admin },
        body,
      });
      return changed(partView(core.store, part));
    },
    conversation: (conversationId) => conversationWithParts(core.store, conversationOf(conversationId)),
    deliveries: () => core.deliveries.list(),
    waitForDelivery(predicate, { timeoutMs = 5000 } = {}) {
      return new Promise<Delivery>((resolve, reject) => {
        const done = core.deliveries.list().find(predicate);
        if (done) return resolve(done);
        const timer = setTimeout(() => {
          unsubscribe();
          const seen = core.deliveries
            .list()
            .map(
              (one) =>
                `#${one.id} ${one.direction} ${one.status} (${one.attempts} attempts${one.error ? `, ${one.error}` : ""})`,
            );
          reject(
            new Error(
              `@dashly/sandbox: no matching delivery within ${timeoutMs} ms; deliveries: ${seen.join("; ") || "none"}`,
            ),
          );
        }, timeoutMs);
        const unsubscribe = core.events.on((event) => {
          if (event.type !== "delivery" || !predicate(event.delivery)) return;
          clearTimeout(timer);
          unsubscribe();
          resolve(event.delivery);
        });
      });
    },
    redeliver: (id, redeliverOptions) => core.dispatcher.redeliver(id, redeliverOptions),
    violations: () => core.violations(),
    setWebhookUrl(webhookUrl) {
      core.dispatcher.url = webhookUrl;
    },
    async stop() {
      streams.closeAll();
      await core.stop();
      if (server) {
        const closing = server;
        await new Promise<void>((resolve) => {
          closing.close(() => resolve());
          (closing as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
      }
    },
  };
}
