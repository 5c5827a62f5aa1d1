import type { RunningFaultInjector } from "@dashly/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotProcess, spawnBot } from "../scripts/bot-process.ts";
import { startApi } from "./support/api.ts";
import { deliver, leadMessage } from "./support/leads.ts";

// The bot as its own process, logging everything (trace), its API failing half the time so that the error
// paths log too; then a search for either token in every log line, in stderr and in every answer it gave.
const apiToken = "SECRET-api-token-5e1f08";
const webhookToken = "SECRET-hook-token-9a7c44";
const questions = 20;
let api: RunningFaultInjector;
let bot: BotProcess;

beforeAll(async () => {
  api = await startApi({ faultRate: 0.5, seed: 4, slowMs: 10_000 });
  bot = await spawnBot({
    DASHLY_TOKEN: apiToken,
    DASHLY_API_URL: api.url,
    DASHLY_WEBHOOK_TOKEN: webhookToken,
    DASHLY_TIMEOUT_MS: "1000",
    LOG_LEVEL: "trace",
  });
});
afterAll(async () => {
  await bot?.stop();
  await api?.stop();
});

/** Deliveries that go wrong near the token: close to it, the other token, two of them, none. */
function refusedDeliveries(): Array<{ body: string; headers: Record<string, string> }> {
  const lead = leadMessage(webhookToken, "4400001", "4500001");
  const withToken = (...tokens: string[]) => {
    const fields = new URLSearchParams(lead.body);
    fields.delete("token");
    for (const token of tokens) fields.append("token", token);
    return { ...lead, body: fields.toString() };
  };
  return [
    withToken(`${webhookToken}x`),
    withToken(webhookToken.slice(0, -1)),
    withToken(webhookToken.toUpperCase()),
    withToken(apiToken),
    withToken(webhookToken, webhookToken),
    withToken(webhookToken, "other"),
    withToken(),
    { ...lead, body: lead.body.slice(0, -40) }, // cut inside the JSON
    { body: `type=conversation&token=${webhookToken}&conversation=%7Bnot-json`, headers: lead.headers },
    { body: `type=event&token=${webhookToken}&user=1&event=2`, headers: lead.headers },
    { body: lead.body, headers: { "content-type": "application/json" } },
    { body: lead.body, headers: { "content-type": "text/plain" } },
  ];
}

describe("the tokens", () => {
  it("appear in no log line, no stderr output and no answer, failures included", async () => {
    const answers: string[] = [];
    const questionAcks = await Promise.all(
      Array.from({ length: questions }, async (_, index) => {
        const response = await deliver(
          bot.url,
          leadMessage(webhookToken, String(4_400_100 + index), String(4_500_100 + index)),
        );
        answers.push(await response.text());
        return response.status;
      }),
    );
    expect(questionAcks).toEqual(Array.from({ length: questions }, () => 200));
    const refusals: number[] = [];
    for (const delivery of refusedDeliveries()) {
      const response = await deliver(bot.url, delivery);
      answers.push(await response.text());
      refusals.push(response.status);
    }
    expect(refusals).toEqual([401, 401, 401, 401, 401, 401, 401, 400, 400, 400, 415, 415]);
    const missing = await fetch(`${bot.url}/nowhere?auth_token=${apiToken}`);
    expect(missing.status).toBe(404);
    answers.push(await missing.text());

    // Wait until every reply was sent or given up, then stop, so that the last log lines are in too.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const text = await (await fetch(`${bot.url}/healthz`)).text();
      const health = JSON.parse(text) as { replies: { waiting: number; sent: number; failed: number } };
      if (health.replies.sent + health.replies.failed === questions || Date.now() > deadline) {
        answers.push(text); // the health names the last failed reply and its reason
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await bot.stop()).toBe(0);

    // The error paths did run: replies were retried, and some failed for good (logged with their error).
    const messages = bot.logs.map((line) => line.msg);
    expect(messages.filter((message) => message === "reply failed").length).toBeGreaterThan(0);
    // The client's retries are logged through the bot's logger, and so fall under the token check below.
    const clientRetries = bot.logs.filter(
      (line) => line.component === "dashly-client" && String(line.msg).includes("retrying in"),
    );
    expect(clientRetries.length).toBeGreaterThan(0);
    // Every refusal, the unknown route's included.
    expect(messages.filter((message) => message === "request refused")).toHaveLength(refusals.length + 1);
    expect(api.stats().seen).toBeGreaterThan(questions);

    for (const token of [apiToken, webhookToken]) {
      expect(bot.logs.filter((line) => JSON.stringify(line).includes(token))).toEqual([]);
      expect(bot.stderr()).not.toContain(token);
      expect(answers.filter((answer) => answer.includes(token))).toEqual([]);
    }
    console.info(
      `secrecy: ${JSON.stringify({ logLines: bot.logs.length, "reply failed": messages.filter((m) => m === "reply failed").length, faults: api.stats().faults })}`,
    );
  });
});
