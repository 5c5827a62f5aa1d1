import { startSandbox } from "../start-sandbox.ts";
import type { Delivery } from "../webhooks/delivery-log.ts";

/** What `dashly-sandbox trigger` can send. */
export const TRIGGERS = ["lead-message", "operator-message"] as const;
export type TriggerName = (typeof TRIGGERS)[number];

/** `--override` keys, each applied to the state before the message is written, so delivery and state agree. */
export const OVERRIDE_KEYS = [
  "name",
  "user_id",
  "random_id",
  "conversation_tags",
  "assignee",
  "admin",
] as const;

export interface TriggerOptions {
  what: TriggerName;
  to: string;
  body: string;
  overrides: Record<string, string>;
  webhookToken?: string;
  persist?: string;
  conversation?: string;
  timeoutMs: number;
}

export interface TriggerResult {
  delivery: Delivery;
  conversationId: string;
}

/**
 * Like `stripe trigger`: makes the message happen in a sandbox's state (a fresh one, or the one kept in
 * `persist`) and delivers the chat webhook it fires to `to`, once. Resolves with the delivery's outcome.
 */
export async function trigger(options: TriggerOptions): Promise<TriggerResult> {
  for (const key of Object.keys(options.overrides)) {
    if (!(OVERRIDE_KEYS as readonly string[]).includes(key)) {
      throw new TypeError(`--override ${key}: not a key trigger knows (${OVERRIDE_KEYS.join(", ")})`);
    }
  }
  const sandbox = await startSandbox({
    port: false,
    webhookUrl: options.to,
    webhookToken: options.webhookToken,
    webhookRetry: { attempts: 1, timeoutMs: options.timeoutMs },
    persist: options.persist,
  });
  try {
    const overrides = options.overrides;
    let conversationId = options.conversation;
    if (conversationId === undefined) {
      conversationId = sandbox.startChat(overrides.name).conversationId;
    }
    const conversation = sandbox.conversation(conversationId);
    const userId = (conversation.user as { id: string }).id;
    const api = (path: string, form: Record<string, string>) =>
      sandbox
        .fetch(`${sandbox.apiUrl}${path}`, {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            authorization: `Token ${sandbox.apiToken}`,
          },
          body: new URLSearchParams(form),
        })
        .then(async (response) => {
          if (!response.ok)
            throw new TypeError(`--override: the sandbox refused it: ${await response.text()}`);
        });
    if (overrides.user_id !== undefined) {
      await api(`/users/${userId}/props`, {
        operations: JSON.stringify([{ op: "update_or_create", key: "$user_id", value: overrides.user_id }]),
      });
    }
    for (const tag of (overrides.conversation_tags ?? "").split(",").filter(Boolean)) {
      await api(`/conversations/${conversationId}/tag`, { tag });
    }
    if (overrides.assignee !== undefined) {
      await api(`/conversations/${conversationId}/assign`, {
        admin: adminId(sandbox.ids, overrides.assignee),
        from_admin: "default_admin",
      });
    }
    // Messages go through the API, as a bot or a widget would write them; a delivery follows each.
    const form: Record<string, string> = { body: options.body };
    if (overrides.random_id !== undefined) form.random_id = overrides.random_id;
    if (options.what === "lead-message") form.from_user = userId;
    else form.from_admin = adminId(sandbox.ids, overrides.admin ?? "operator");
    const before = sandbox.deliveries().length;
    await api(`/conversations/${conversationId}/reply`, form);
    const delivery = await sandbox.waitForDelivery(
      (one) => Number(one.id) > before && one.status !== "pending",
      { timeoutMs: options.timeoutMs + 1000 },
    );
    return { delivery, conversationId };
  } finally {
    await sandbox.stop();
  }
}

function adminId(ids: { operatorId: string; botId: string }, name: string): string {
  if (name === "operator") return ids.operatorId;
  if (name === "bot") return ids.botId;
  return name;
}
