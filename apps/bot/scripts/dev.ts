/** `pnpm dev`: the mock API and the bot, until Ctrl-C. Deliveries go to the printed webhook URL. */
import { startMock } from "@dashly/mock";
import { startBot } from "../src/bot.ts";
import { readConfig } from "../src/config.ts";

const mock = await startMock({ port: Number(process.env.MOCK_PORT ?? 4010) });
const webhookToken = process.env.DASHLY_WEBHOOK_TOKEN ?? "dev-webhook-token";
const bot = await startBot(
  readConfig({
    ...process.env,
    DASHLY_TOKEN: process.env.DASHLY_TOKEN ?? "dev-api-token",
    DASHLY_API_URL: mock.url,
    DASHLY_WEBHOOK_TOKEN: webhookToken,
  }),
);
console.log(
  `mock API: ${mock.url}\nbot:      ${bot.url}/webhooks/dashly (webhook token "${webhookToken}")\nCtrl-C to stop.`,
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void bot
      .stop()
      .then(() => mock.stop())
      .then(() => process.exit(0));
  });
}
