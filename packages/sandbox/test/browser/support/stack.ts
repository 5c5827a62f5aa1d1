import { startContractSandbox } from "./contract-sandbox.ts";
import { type EchoBot, startEchoBot } from "./echo-bot.ts";

export const apiToken = "sandbox-token";
const webhookToken = "7d9f0c1e-4b2a-4c8e-9f3d-1a6b5e2c8d40";

export interface Stack {
  /** The sandbox's origin, e.g. http://127.0.0.1:4020. */
  url: string;
  bot: EchoBot;
  close(): Promise<void>;
}

/** The sandbox on a real port, with the echo bot receiving its chat webhooks and replying through the API. */
export async function startStack(): Promise<Stack> {
  const bot = await startEchoBot({ apiToken, webhookToken });
  const sandbox = await startContractSandbox({ webhookUrl: bot.url, webhookToken });
  bot.connect(`${sandbox.url}/v1`);
  return {
    url: sandbox.url,
    bot,
    async close() {
      await sandbox.close();
      await bot.close();
    },
  };
}
