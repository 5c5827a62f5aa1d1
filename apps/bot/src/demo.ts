/**
 * `pnpm demo`: the mock API, the bot (its own process, on a real port), and a scripted conversation
 * delivered to it. Prints what the bot did with each delivery and the replies it sent, as the mock
 * validated them; exits 1 if anything differs from what the bot should do.
 */
import { startFaultInjector, startMock } from "@dashly/mock";
import { spawnBot } from "./dev/bot-process.ts";
import { scriptedConversation } from "./dev/script.ts";

const webhookToken = "demo-webhook-token";
const problems: string[] = [];

const mock = await startMock();
const api = await startFaultInjector({ upstream: mock.url, faultRate: 0 });
const bot = await spawnBot({
  DASHLY_TOKEN: "demo-api-token",
  DASHLY_API_URL: api.url,
  DASHLY_WEBHOOK_TOKEN: webhookToken,
});
console.log(`mock API ${mock.url} (Prism on the spec) · bot ${bot.url}\n`);

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

const expectedReplies = steps.flatMap((step) => (step.expectedReply ? [step.expectedReply] : []));
const replies = () => api.forwarded().filter((request) => request.path.endsWith("/reply"));
const deadline = Date.now() + 15_000;
while (replies().length < expectedReplies.length && Date.now() < deadline)
  await new Promise((resolve) => setTimeout(resolve, 50));
const exitCode = await bot.stop();

console.log("\nreplies the bot sent (POST /conversations/{id}/reply), as the mock judged them");
for (const reply of replies()) {
  const verdict =
    reply.violations.length === 0 ? "valid" : `INVALID: ${reply.violations.map((v) => v.message).join("; ")}`;
  console.log(
    `  ${reply.status} ${verdict.padEnd(6)} ${reply.path}  body="${reply.form.body}" random_id=${reply.form.random_id}`,
  );
  if (reply.status !== 200 || reply.violations.length > 0)
    problems.push(`reply ${reply.path} was rejected by the mock`);
}
const sent = replies().map((reply) => reply.form.body);
if (JSON.stringify(sent.sort()) !== JSON.stringify([...expectedReplies].sort())) {
  problems.push(`replies sent ${JSON.stringify(sent)}, expected ${JSON.stringify(expectedReplies)}`);
}
if (exitCode !== 0) problems.push(`the bot exited with ${exitCode} on SIGTERM`);
const logged = bot.logs.filter((entry) => entry.msg === "reply sent").length;
console.log(`\nthe bot logged ${logged} replies sent, stopped on SIGTERM with exit code ${exitCode}`);

await api.stop();
await mock.stop();
if (problems.length > 0) {
  console.error(`\nDEMO FAILED:\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
console.log("\ndemo passed: every lead question answered once, nothing else answered, every reply valid");
