import { fileURLToPath } from "node:url";
import { startServerProcess } from "../../../scripts/child-process.ts";

type LogLine = Record<string, unknown>;

export interface BotProcess {
  url: string;
  /** The process ID, e.g. to read the bot's memory use in `/proc/<pid>/status`. */
  pid: number;
  /** The bot's log lines (pino JSON), parsed. */
  logs: LogLine[];
  /** Resolves with the first log line whose `msg` is `message`, as soon as the bot writes it. */
  logged(message: string): Promise<LogLine>;
  /** Everything the bot wrote to stderr so far. */
  stderr(): string;
  /** Sends SIGTERM and resolves with the exit code once the bot has drained and left. */
  stop(): Promise<number | null>;
}

const main = fileURLToPath(new URL("../dist/main.js", import.meta.url));

/**
 * Runs the built bot (dist/main.js) as its own process, as `pnpm start` would, on a port it picks itself,
 * and resolves once it listens (see startServerProcess).
 */
export async function spawnBot(env: Record<string, string>): Promise<BotProcess> {
  const logs: LogLine[] = [];
  const waiters: Array<{ message: string; resolve: (line: LogLine) => void }> = [];
  const bot = await startServerProcess({
    args: [main],
    env,
    onStdoutLine(text) {
      const line = JSON.parse(text) as LogLine;
      logs.push(line);
      for (const waiter of waiters.filter((one) => one.message === line.msg)) waiter.resolve(line);
    },
  });
  return {
    ...bot,
    logs,
    logged(message) {
      const line = logs.find((one) => one.msg === message);
      return line ? Promise.resolve(line) : new Promise((resolve) => waiters.push({ message, resolve }));
    },
  };
}
