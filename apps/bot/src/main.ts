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
  if (process.send) {
    // Started by a supervisor over IPC (the demo, the tests, the bench): say where the bot listens, which
    // may be a port the kernel chose (PORT=0), and stop with the supervisor rather than outlive it.
    process.send({ listening: bot.url });
    process.once("disconnect", () => process.kill(process.pid, "SIGTERM"));
  }
} catch (error) {
  if (error instanceof ConfigError || error instanceof RulesError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
