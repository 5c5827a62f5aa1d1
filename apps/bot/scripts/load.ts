/**
 * `pnpm --filter @dashly/bot load`: a load test, not a timed test. Sends thousands of deliveries (lead
 * questions, duplicates, operator replies, malformed bodies, wrong tokens) to the bot running as its own
 * process in front of the mock, then reports acknowledgements per second, p50/p99 acknowledgement latency,
 * how many replies went out against how many distinct lead questions matched a rule, and crashes.
 * LOAD_DELIVERIES (default 3000) and LOAD_CONCURRENCY (default 32) tune it.
 */
import type { ChatWebhookPart } from "@dashly/webhooks";
import { buildChatDelivery, docsChatPart } from "@dashly/webhooks/testing";
import { spawnBot } from "./bot-process.ts";
import { startMockApi } from "./mock-api.ts";

const total = Number(process.env.LOAD_DELIVERIES ?? 3_000);
const concurrency = Number(process.env.LOAD_CONCURRENCY ?? 32);
const webhookToken = "load-webhook-token";
// Under the API's 60 replies a minute, so every matched question can be answered during the run.
const questionPool = 50;
/** The lead questions the run actually asked: each deserves exactly one reply. */
const asked = new Set<number>();

interface Delivery {
  body: string;
  headers: Record<string, string>;
}

function delivery(index: number): Delivery {
  const kind = index % 10;
  const question = index % questionPool;
  // The docs' example part, in one of `questionPool` conversations.
  const lead = (id: number, body: string, changes: Partial<ChatWebhookPart> = {}) =>
    docsChatPart({ id: String(id), body, conversation: String(900_000 + question), ...changes });
  const signed = (part: ChatWebhookPart, token = webhookToken) => buildChatDelivery(part, { token });
  if (kind < 4) {
    asked.add(question);
    return signed(lead(1_000_000 + question, "Hello, how are you")); // questions and their duplicates
  }
  if (kind < 6) return signed(lead(2_000_000 + index, "Just browsing"));
  if (kind < 8) {
    const operator = {
      direction: "a2u",
      type: "reply_admin",
      from: { type: "admin", name: "Op", id: "111" },
    } as const;
    return signed(lead(3_000_000 + index, "Hello, how are you", operator));
  }
  if (kind === 8)
    return {
      body: `type=conversation&token=${webhookToken}&conversation=%7B${index}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    };
  return signed(lead(4_000_000 + index, "Hello, how are you"), "wrong-token");
}

const api = await startMockApi();
const bot = await spawnBot({
  DASHLY_TOKEN: "load-api-token",
  DASHLY_API_URL: api.url,
  DASHLY_WEBHOOK_TOKEN: webhookToken,
  LOG_LEVEL: "warn",
});

const latencies: number[] = [];
const statuses = new Map<number, number>();
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const { body, headers } = delivery(next++);
      const sent = performance.now();
      const response = await fetch(`${bot.url}/webhooks/dashly`, { method: "POST", headers, body });
      await response.arrayBuffer();
      latencies.push(performance.now() - sent);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  }),
);
const seconds = (performance.now() - started) / 1000;

const health = await fetch(`${bot.url}/healthz`)
  .then((response) => response.status)
  .catch(() => 0);
const deadline = Date.now() + 30_000;
const replies = () => api.replies();
while (replies().length < asked.size && Date.now() < deadline)
  await new Promise((resolve) => setTimeout(resolve, 100));
const exitCode = await bot.stop();

latencies.sort((a, b) => a - b);
const percentile = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
const rejected = replies().filter((reply) => reply.status !== 200 || reply.problems.length > 0).length;
console.log(`deliveries           ${total} (concurrency ${concurrency})`);
console.log(
  `answers by status    ${[...statuses]
    .sort()
    .map(([status, count]) => `${status}: ${count}`)
    .join(", ")}`,
);
console.log(`acks per second      ${Math.round(total / seconds)}`);
console.log(`ack latency          p50 ${percentile(50).toFixed(1)} ms, p99 ${percentile(99).toFixed(1)} ms`);
console.log(
  `replies sent         ${replies().length} (distinct lead questions matched: ${asked.size}; rejected by the mock: ${rejected})`,
);
console.log(
  `crashes              ${health === 200 && exitCode === 0 ? 0 : 1} (healthz ${health} after the run, exit code ${exitCode})`,
);
await api.stop();
process.exit(replies().length === asked.size && rejected === 0 && health === 200 && exitCode === 0 ? 0 : 1);
