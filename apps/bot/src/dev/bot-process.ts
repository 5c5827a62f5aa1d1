import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import getPort from "get-port";

export interface BotProcess {
  url: string;
  /** The process ID, e.g. to read the bot's memory use in `/proc/<pid>/status`. */
  pid: number;
  /** The bot's log lines (pino JSON), parsed. */
  logs: Array<Record<string, unknown>>;
  /** Everything the bot wrote to stderr so far. */
  stderr(): string;
  /** Sends SIGTERM and resolves with the exit code once the bot has drained and left. */
  stop(): Promise<number | null>;
}

// The built entry point, whether this file runs from src/ (tests) or dist/ (demo).
const main = fileURLToPath(new URL("../../dist/main.js", import.meta.url));

/** Runs the built bot (dist/main.js) as its own process, as `pnpm start` would, and waits until it is healthy. */
export async function spawnBot(env: Record<string, string>): Promise<BotProcess> {
  const port = await getPort({ host: "127.0.0.1" });
  const child: ChildProcess = spawn(process.execPath, [main], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: Array<Record<string, unknown>> = [];
  let output = "";
  let pending = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the bot exited with ${child.exitCode} before listening:\n${output}`);
    const healthy = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the bot did not answer on ${url} within 15 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    pid: child.pid ?? 0,
    logs,
    stderr: () => output,
    stop() {
      child.kill("SIGTERM");
      return exited;
    },
  };
}
