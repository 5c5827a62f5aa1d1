import type { RunningFaultInjector } from "@dashly/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotProcess, spawnBot } from "../scripts/bot-process.ts";
import { startApi } from "./support/api.ts";
import { leadMessage } from "./support/leads.ts";
import { postBig } from "./support/raw-post.ts";

// The refusals the framework used to answer in its own shape (413, 415, 404) answer like the bot's own:
// `{ error, message }`, and each is logged as "request refused" with its status and code.
const webhookToken = "refusals-webhook-token";
const form = { "content-type": "application/x-www-form-urlencoded" };
let api: RunningFaultInjector;
let bot: BotProcess;

beforeAll(async () => {
  api = await startApi();
  bot = await spawnBot({
    DASHLY_TOKEN: "refusals-api-token",
    DASHLY_API_URL: api.url,
    DASHLY_WEBHOOK_TOKEN: webhookToken,
  });
});
afterAll(async () => {
  await bot?.stop();
  await api?.stop();
});

async function answerOf(response: Response): Promise<[number, string | null, unknown]> {
  return [response.status, response.headers.get("content-type"), await response.json()];
}

const json = "application/json; charset=utf-8";

describe("the bot's refusals", () => {
  it("answer a body over the limit 413 before it is sent, in the bot's shape", async () => {
    const answer = await postBig(`${bot.url}/webhooks/dashly`, form, Buffer.alloc(1_048_577, "a"), 1, {
      chunked: false,
    });
    expect(typeof answer === "string" ? answer : [answer.status, JSON.parse(answer.body)]).toEqual([
      413,
      { error: "body_too_large", message: "The delivery's body is larger than 1048576 bytes" },
    ]);
  });

  it("answer another media type, or none, 415", async () => {
    const lead = leadMessage(webhookToken, "1", "2");
    const asJson = await fetch(`${bot.url}/webhooks/dashly`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(await answerOf(asJson)).toEqual([
      415,
      json,
      {
        error: "wrong_content_type",
        message: 'Expected Content-Type application/x-www-form-urlencoded, got "application/json"',
      },
    ]);
    const untyped = await fetch(`${bot.url}/webhooks/dashly`, {
      method: "POST",
      body: new TextEncoder().encode(lead.body),
    });
    expect(await answerOf(untyped)).toEqual([
      415,
      json,
      {
        error: "wrong_content_type",
        message: "Expected Content-Type application/x-www-form-urlencoded, got none",
      },
    ]);
  });

  it("answer an unknown route or method 404, quoting nothing of the request", async () => {
    const notFound = {
      error: "not_found",
      message: "No such route: Dashly's chat webhook goes to POST /webhooks/dashly",
    };
    expect(await answerOf(await fetch(`${bot.url}/nowhere?auth_token=secret`))).toEqual([
      404,
      json,
      notFound,
    ]);
    expect(await answerOf(await fetch(`${bot.url}/webhooks/dashly`))).toEqual([404, json, notFound]);
  });

  it("are each logged once, with the status and the code", async () => {
    expect(await bot.stop()).toBe(0); // every log line is in once the bot has left
    const logged = bot.logs
      .filter((line) => line.msg === "request refused")
      .map((line) => [line.status, line.code, line.level]);
    expect(logged).toEqual([
      [413, "body_too_large", 40],
      [415, "wrong_content_type", 40],
      [415, "wrong_content_type", 40],
      [404, "not_found", 40],
      [404, "not_found", 40],
    ]);
  });
});
