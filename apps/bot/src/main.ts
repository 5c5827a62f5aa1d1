/** `pnpm --filter ./apps/bot start`: the bot, configured by the environment (see README). */

import { startBot } from "./bot.ts";
import { ConfigError, readConfig } from "./config.ts";
import { RulesError } from "./rules.ts";

try {
  const bot = await startBot(readConfig());
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      void bot.stop().then(() => process.exit(0));
    });
  }
} catch (error) {
  if (error instanceof ConfigError || error instanceof RulesError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
