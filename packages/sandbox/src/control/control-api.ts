import { readFileSync } from "node:fs";
import { dashlyError } from "@dashly/mock/wire";
import { Hono } from "hono";
import type { SandboxCore } from "../server/core.ts";
import { addPart, createConversation, createUser } from "../state/chat.ts";
import type { Fixtures } from "../state/fixtures.ts";
import type { StateSnapshot } from "../state/records.ts";
import type { EventStreams } from "./event-stream.ts";
import { conversationWithParts, partView } from "./views.ts";

const MAX_BODY = 100_000;

/** A refusal of the control API, in Dashly's error envelope. */
class ControlError extends Error {
  constructor(
    readonly status: 400 | 404,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

/** The control API, `/_sandbox/*` (described by `openapi/control.yaml`). */
export function controlApi(core: SandboxCore, streams: EventStreams, controlSpecFile: URL): Hono {
  const api = new Hono();
  const { store, world } = core;

  api.onError((error, c) => {
    if (error instanceof ControlError)
      return c.json(dashlyError(error.status, error.error, error.message), error.status);
    if (error instanceof TypeError) return c.json(dashlyError(400, "BadRequest", error.message), 400);
    core.logger.error({ path: c.req.path, error: String(error) }, "the control API failed");
    return c.json(dashlyError(500, "Error500", "The sandbox failed on this request"), 500);
  });

  api.post("/reset", (c) => {
    core.reset();
    return c.json({ appId: core.defaults.app, operatorId: core.defaults.operator, botId: core.defaults.bot });
  });
  api.post("/seed", async (c) => c.json(core.seed((await jsonBody(c.req.raw)) as Fixtures)));
  api.get("/snapshot", (c) => c.json(core.snapshot()));
  api.put("/snapshot", async (c) => {
    core.restore((await jsonBody(c.req.raw)) as StateSnapshot);
    return c.json({ restored: true });
  });
  api.post("/clock", async (c) => {
    const { advanceMs } = (await jsonBody(c.req.raw)) as { advanceMs?: unknown };
    if (typeof advanceMs !== "number" || !Number.isFinite(advanceMs) || advanceMs < 0) {
      throw new ControlError(400, "ValidationError", "advanceMs must be a number of milliseconds, 0 or more");
    }
    store.advanceClock(advanceMs);
    core.changed();
    return c.json({ now: store.now(), offsetMs: store.clockOffset });
  });
  api.post("/chats", async (c) => {
    const { name } = (await jsonBody(c.req.raw, true)) as { name?: unknown };
    if (name !== undefined && (typeof name !== "string" || name.length === 0 || name.length > 255)) {
      throw new ControlError(400, "ValidationError", "name must be text of 1 to 255 characters");
    }
    const user = createUser(world, core.defaults.app, null, {
      $name: name ?? `Lead ${store.users.size + 1}`,
    });
    const conversation = createConversation(world, user);
    core.changed();
    return c.json({ userId: user.id, conversationId: conversation.id });
  });
  api.post("/conversations/:id/lead-says", async (c) => {
    const conversation = findConversation(c.req.param("id"));
    const { body } = (await jsonBody(c.req.raw)) as { body?: unknown };
    const part = addPart(world, conversation, {
      type: "reply_user",
      from: { kind: "user", id: conversation.user },
      body: messageText(body),
    });
    core.changed();
    return c.json(partView(store, part));
  });
  api.post("/conversations/:id/operator-says", async (c) => {
    const conversation = findConversation(c.req.param("id"));
    const { body, adminId } = (await jsonBody(c.req.raw)) as { body?: unknown; adminId?: unknown };
    const admin = adminId === undefined ? core.defaults.operator : String(adminId);
    if (store.admins.get(admin)?.app !== conversation.app)
      throw new ControlError(404, "LookupError", `No admin ${admin} in the conversation's app`);
    const part = addPart(world, conversation, {
      type: "reply_admin",
      from: { kind: "admin", id: admin },
      body: messageText(body),
    });
    core.changed();
    return c.json(partView(store, part));
  });
  api.get("/conversations/:id", (c) =>
    c.json(conversationWithParts(store, findConversation(c.req.param("id")))),
  );
  api.get("/deliveries", (c) => c.json(core.deliveries.list()));
  api.post("/deliveries/:id/redeliver", async (c) => {
    const { token } = (await jsonBody(c.req.raw, true)) as { token?: unknown };
    if (token !== undefined && (typeof token !== "string" || token.length === 0)) {
      throw new ControlError(400, "ValidationError", "token must be non-empty text");
    }
    if (!core.deliveries.find(c.req.param("id")))
      throw new ControlError(404, "LookupError", `No delivery ${c.req.param("id")}`);
    return c.json(core.dispatcher.redeliver(c.req.param("id"), { token }));
  });
  api.get("/events", (c) => streams.serve(c));
  api.get("/openapi.yaml", (c) =>
    c.body(readFileSync(controlSpecFile, "utf8"), 200, { "content-type": "application/yaml; charset=utf-8" }),
  );

  function findConversation(id: string) {
    const conversation = store.conversations.get(id);
    if (!conversation) throw new ControlError(404, "LookupError", `No conversation ${id}`);
    return conversation;
  }
  return api;
}

function messageText(body: unknown): string {
  if (typeof body !== "string" || body.trim().length === 0 || body.length > MAX_BODY) {
    throw new ControlError(
      400,
      "ValidationError",
      `body must be non-empty text of at most ${MAX_BODY} characters`,
    );
  }
  return body;
}

async function jsonBody(request: Request, optional = false): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === "" && optional) return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value;
  } catch {
    // answered below
  }
  throw new ControlError(400, "BadRequest", "The body must be a JSON object");
}
