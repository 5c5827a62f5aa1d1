import { type RunningSandbox, startSandbox } from "../../../src/index.ts";
import { type EchoBot, startEchoBot } from "./echo-bot.ts";

export interface Stack {
  /** The sandbox's origin, e.g. http://127.0.0.1:4020. */
  url: string;
  sandbox: RunningSandbox;
  bot: EchoBot;
  close(): Promise<void>;
}

/**
 * The sandbox on a real port (pages from its dist/ui, as `pnpm build` lays them out), with the echo bot
 * receiving its chat webhooks and replying through the API. Deliveries are retried quickly, twice at most.
 */
export async function startStack(): Promise<Stack> {
  const sandbox = await startSandbox({ rateLimit: false, webhookRetry: { attempts: 2, delayMs: 50 } });
  const bot = await startEchoBot({
    apiBase: sandbox.apiUrl,
    apiToken: sandbox.apiToken,
    webhookToken: sandbox.webhookToken,
  });
  sandbox.setWebhookUrl(bot.url);
  const chatPage = await fetch(`${sandbox.url}/chat/`);
  if (chatPage.status !== 200) {
    await Promise.all([sandbox.stop(), bot.close()]);
    throw new Error(`The sandbox serves no chat page (${chatPage.status}): build it first (pnpm build)`);
  }
  return {
    url: sandbox.url,
    sandbox,
    bot,
    async close() {
      await sandbox.stop();
      await bot.close();
    },
  };
}
