/**
 * `pnpm demo`: an API for the bot to answer through (demo-api.ts), the bot (its own process, on a real port),
 * and a scripted conversation delivered to it (conversation.ts). Prints what the bot did with each delivery
 * and the replies it sent, as the API judged them; exits 1 if anything differs from what the bot should do.
 */
import { spawnBot } from "./bot-process.ts";
import { scriptedConversation } from "./conversation.ts";
import { startDemoApi } from "./demo-api.ts";

const webhookToken = "demo-webhook-token";
const problems: string[] = [];

const api = await startDemoApi();
const bot = await spawnBot({
  DASHLY_TOKEN: "demo-api-token",
  DASHLY_API_URL: api.url,
  DASHLY_WEBHOOK_TOKEN: webhookToken,
});
console.log(`${api.description} · bot ${bot.url}\n`);

const steps = scriptedConversation(webhookToken);
console.log("deliveries to POST /webhooks/dashly");
for (const step of steps) {
  const response = await fetch(`${bot.url}/webhooks/dashly`, {
    method: "POST",
    headers: step.headers,
    body: step.body,
  });
  const answer = (await response.json()) as { outcome?: string; error?: string };
  const did = answer.outcome ?? answer.error ?? "?";
  console.log(`  ${String(response.status).padEnd(4)}${did.padEnd(20)}${step.label}`);
  if (response.status !== step.expectedStatus || (step.expectedOutcome && did !== step.expectedOutcome)) {
    problems.push(
      `${step.label}: got ${response.status} ${did}, expected ${step.expectedStatus} ${step.expectedOutcome ?? ""}`,
    );
  }
}

// The bot acknowledges at once and replies from its queue; SIGTERM makes it send what is queued, then exit.
const expectedReplies = steps.flatMap((step) => (step.expectedReply ? [step.expectedReply] : []));
const exitCode = await bot.stop();

console.log("\nreplies the bot sent (POST /conversations/{id}/reply), as the API judged them");
for (const reply of api.replies()) {
  const verdict = reply.problems.length === 0 ? "valid" : `INVALID: ${reply.problems.join("; ")}`;
  console.log(
    `  ${reply.status} ${verdict.padEnd(6)} ${reply.path}  body="${reply.body}" random_id=${reply.randomId}`,
  );
  if (reply.status !== 200 || reply.problems.length > 0) problems.push(`reply ${reply.path} was rejected`);
}
const sent = api.replies().map((reply) => reply.body);
if (JSON.stringify(sent.sort()) !== JSON.stringify([...expectedReplies].sort())) {
  problems.push(`replies sent ${JSON.stringify(sent)}, expected ${JSON.stringify(expectedReplies)}`);
}
if (exitCode !== 0) problems.push(`the bot exited with ${exitCode} on SIGTERM`);
const logged = bot.logs.filter((entry) => entry.msg === "reply sent").length;
console.log(`\nthe bot logged ${logged} replies sent, stopped on SIGTERM with exit code ${exitCode}`);

await api.stop();
if (problems.length > 0) {
  console.error(`\nDEMO FAILED:\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
console.log("\ndemo passed: every lead question answered once, nothing else answered, every reply valid");
