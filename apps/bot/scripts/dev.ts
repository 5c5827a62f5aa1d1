/**
 * `pnpm dev`: the sandbox (a stateful local Dashly) and the bot, until Ctrl-C. Open the printed chat page, write
 * as a lead, and the bot's answers arrive there; the sandbox fires its chat webhook at the bot.
 */
import { startSandbox } from "@dashly/sandbox";
import { startBot } from "../src/bot.ts";
import { readConfig } from "../src/config.ts";

const apiToken = process.env.DASHLY_TOKEN ?? "dev-api-token";
const webhookToken = process.env.DASHLY_WEBHOOK_TOKEN ?? "dev-webhook-token";
const sandbox = await startSandbox({
  port: Number(process.env.SANDBOX_PORT ?? 4020),
  apiTokens: [apiToken],
  webhookToken,
});
const bot = await startBot(
  readConfig({
    ...process.env,
    DASHLY_TOKEN: apiToken,
    DASHLY_API_URL: sandbox.apiUrl,
    DASHLY_WEBHOOK_TOKEN: webhookToken,
  }),
);
sandbox.setWebhookUrl(`${bot.url}/webhooks/dashly`);
console.log(
  [
    `chat page: ${sandbox.url}/chat/   (write as a lead; the bot answers)`,
    `API docs:  ${sandbox.url}/docs/`,
    `API:       ${sandbox.apiUrl}`,
    `bot:       ${bot.url}/webhooks/dashly (webhook token "${webhookToken}")`,
    "Ctrl-C to stop.",
  ].join("\n"),
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void bot
      .stop()
      .then(() => sandbox.stop())
      .then(() => process.exit(0));
  });
}
