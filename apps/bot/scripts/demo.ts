/**
 * `pnpm demo`: the sandbox (a stateful local Dashly, `@dashly/sandbox`) and the bot (its own process), each on
 * a real port. A lead writes through the sandbox's control API, the sandbox fires the chat webhook at the bot,
 * the bot replies through `@dashly/client`, and the conversation is read back from the sandbox and printed.
 * Exits 1 if anything differs from what the bot should do.
 */
import { type Delivery, startSandbox } from "@dashly/sandbox";
import { spawnBot } from "./bot-process.ts";

const apiToken = "demo-api-token";
const webhookToken = "demo-webhook-token";
const prices = "Our plans start at 29 € a month - see https://example.com/pricing.";
const problems: string[] = [];
const check = (ok: boolean, problem: string) => ok || problems.push(problem);

const sandbox = await startSandbox({ apiTokens: [apiToken], webhookToken });
const bot = await spawnBot({
  DASHLY_TOKEN: apiToken,
  DASHLY_API_URL: sandbox.apiUrl,
  DASHLY_WEBHOOK_TOKEN: webhookToken,
});
sandbox.setWebhookUrl(`${bot.url}/webhooks/dashly`);
console.log(
  `sandbox ${sandbox.url} (API ${sandbox.apiUrl}, chat page ${sandbox.url}/chat/) · bot ${bot.url}\n`,
);

/** A call to the sandbox's control API, as a test or the chat page makes it. */
async function control<Answer>(method: string, path: string, body?: object): Promise<Answer> {
  const response = await fetch(`${sandbox.url}/_sandbox${path}`, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok)
    throw new Error(`${method} /_sandbox${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Answer;
}

/** The first attempt of the delivery of `partId` (or of a repeat of `of`) that got an answer from the bot. */
const answered = (match: (delivery: Delivery) => boolean) =>
  sandbox.waitForDelivery((delivery) => match(delivery) && delivery.responseStatus !== null, {
    timeoutMs: 15_000,
  });

/** What the bot said to a delivery: its `outcome`, or the code of its refusal. */
function verdict(delivery: Delivery): string {
  try {
    const answer = JSON.parse(delivery.responseBody ?? "") as { outcome?: string; error?: string };
    return `${delivery.responseStatus} ${answer.outcome ?? answer.error ?? "?"}`;
  } catch {
    return `${delivery.responseStatus} (no JSON answer)`;
  }
}

type Part = { id: string; type: string; body: string; direction: string };
type Conversation = { id: string; parts: Part[] };

const chat = await control<{ userId: string; conversationId: string }>("POST", "/chats", { name: "Alex" });
console.log(`lead ${chat.userId} opened conversation ${chat.conversationId} (64-bit IDs, above 2^53)\n`);

/** One line of the script: who writes, what, what the bot should answer to the webhook, and reply or not. */
const script: Array<{ who: "lead" | "operator"; body: string; outcome: string; reply?: string }> = [
  { who: "lead", body: "Hello, how are you", outcome: "200 queued", reply: "Hey, great!" },
  { who: "lead", body: "What are your prices?", outcome: "200 queued", reply: prices },
  { who: "operator", body: "Hello, how are you", outcome: "200 not-a-lead-message" },
  { who: "lead", body: "Othello is my favourite play", outcome: "200 no-match" },
];

console.log("webhook deliveries the sandbox fired at the bot, and what the bot answered");
let firstLeadDelivery: Delivery | undefined;
for (const line of script) {
  const part = await control<Part>("POST", `/conversations/${chat.conversationId}/${line.who}-says`, {
    body: line.body,
  });
  const delivery = await answered((one) => one.partId === part.id && one.redeliveryOf === undefined);
  firstLeadDelivery ??= delivery;
  console.log(`  ${verdict(delivery).padEnd(28)}${line.who}: ${line.body}`);
  check(
    verdict(delivery) === line.outcome,
    `${line.who} "${line.body}": bot answered ${verdict(delivery)}, expected ${line.outcome}`,
  );
  if (line.reply) {
    const reply = await answered((one) => one.direction === "a2u" && one.payload.body === line.reply);
    console.log(`  ${verdict(reply).padEnd(28)}the bot's own reply, echoed by the webhook`);
    check(verdict(reply) === "200 not-a-lead-message", `the bot's reply echo: ${verdict(reply)}`);
  }
}
if (firstLeadDelivery) {
  const again = await control<Delivery>("POST", `/deliveries/${firstLeadDelivery.id}/redeliver`, {});
  const duplicate = await answered((one) => one.id === again.id);
  console.log(`  ${verdict(duplicate).padEnd(28)}the first delivery again (Dashly retries)`);
  check(verdict(duplicate) === "200 duplicate", `the duplicate delivery: ${verdict(duplicate)}`);
  const forged = await control<Delivery>("POST", `/deliveries/${firstLeadDelivery.id}/redeliver`, {
    token: "not-the-token",
  });
  const refused = await answered((one) => one.id === forged.id);
  console.log(`  ${verdict(refused).padEnd(28)}the same delivery with a wrong token`);
  check(verdict(refused) === "401 wrong_token", `the forged delivery: ${verdict(refused)}`);
}

// SIGTERM makes the bot send what is queued, then exit.
const exitCode = await bot.stop();
const conversation = await control<Conversation>("GET", `/conversations/${chat.conversationId}`);
console.log(`\nconversation ${conversation.id}, read back from the sandbox`);
for (const part of conversation.parts) console.log(`  ${part.id}  ${part.type.padEnd(12)} ${part.body}`);

// The conversation as it should read: each question with its one answer, the operator's line unanswered.
const transcript = conversation.parts.map((part) => `${part.type}: ${part.body}`);
const expected = script.flatMap((line) => [
  `${line.who === "lead" ? "reply_user" : "reply_admin"}: ${line.body}`,
  ...(line.reply ? [`reply_admin: ${line.reply}`] : []),
]);
check(
  JSON.stringify(transcript) === JSON.stringify(expected),
  `the conversation reads ${JSON.stringify(transcript)}, expected ${JSON.stringify(expected)}`,
);
const broken = sandbox.violations();
check(broken.length === 0, `the sandbox saw requests or answers that break the spec: ${broken.join("; ")}`);
check(exitCode === 0, `the bot exited with ${exitCode} on SIGTERM`);
console.log(
  `\nthe sandbox judged every request, answer and delivery against the spec: ${broken.length} violations; ` +
    `the bot stopped on SIGTERM with exit code ${exitCode}`,
);

await sandbox.stop();
if (problems.length > 0) {
  console.error(`\nDEMO FAILED:\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
console.log("\ndemo passed: every lead question answered once, nothing else answered, every request valid");
