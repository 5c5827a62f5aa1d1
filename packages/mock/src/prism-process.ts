import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const prismCli = require.resolve("@stoplight/prism-cli/dist/index.js");
const preloads = ["./prism-patches.cjs", "./prism-child.cjs"].map((file) =>
  fileURLToPath(new URL(file, import.meta.url)),
);

/** Raised when Prism (or the mock's front) cannot serve; carries what Prism printed. */
export class MockStartError extends Error {
  override name = "MockStartError";
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(`${message}\n--- Prism output ---\n${output.trim() || "(nothing)"}`);
  }
}

export interface PrismProcess {
  /** Where Prism itself listens (a loopback port of its own choosing). */
  url: string;
  /** Prism's process ID (the bench reads its CPU time). */
  pid: number | undefined;
  /** Everything Prism printed so far. */
  output(): string;
  stop(): Promise<void>;
}

export interface PrismLaunch {
  /** Prism's arguments after the command, e.g. `["mock", spec]`; host and port are added here. */
  args: string[];
  startTimeoutMs?: number;
}

const host = "127.0.0.1";

/**
 * Starts the Prism CLI (patched, see prism-patches.cjs) in a child process on a loopback port the system
 * picks, and resolves once Prism listens (it reports its port over IPC, see prism-child.cjs). The
 * child dies with this process, so a killed test run leaves no Prism behind.
 */
export async function launchPrism({ args, startTimeoutMs = 30_000 }: PrismLaunch): Promise<PrismProcess> {
  const child = spawn(
    process.execPath,
    [...preloads.flatMap((file) => ["--require", file]), prismCli, ...args, "-h", host, "-p", "0"],
    { stdio: ["ignore", "pipe", "pipe", "ipc"] },
  );
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  try {
    const port = await listeningPort(child, startTimeoutMs);
    return {
      url: `http://${host}:${port}`,
      pid: child.pid,
      output: () => output,
      stop: () => terminate(child),
    };
  } catch (error) {
    await terminate(child);
    throw new MockStartError((error as Error).message, output);
  }
}

function listeningPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`Prism did not listen within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onMessage = (message: unknown) => {
      const port = (message as { dashlyMockListening?: unknown } | null)?.dashlyMockListening;
      if (typeof port === "number") finish(port);
    };
    const onExit = (code: number | null, signal: string | null) =>
      finish(new Error(`Prism exited (${signal ?? `code ${code}`}) before serving`));
    const finish = (outcome: number | Error) => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      child.off("error", finish);
      if (typeof outcome === "number") resolve(outcome);
      else reject(outcome);
    };
    child.on("message", onMessage);
    child.once("exit", onExit);
    child.once("error", finish);
  });
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 3_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
