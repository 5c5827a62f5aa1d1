import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { assertPortFree } from "./port-free.ts";

const require = createRequire(import.meta.url);
const prismCli = require.resolve("@stoplight/prism-cli/dist/index.js");
const preloads = ["./prism-patches.cjs", "./exit-with-parent.cjs"].map((file) =>
  fileURLToPath(new URL(file, import.meta.url)),
);

/** Raised when Prism exits or stays silent instead of serving; carries what Prism printed. */
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
  url: string;
  /** Everything Prism printed so far. */
  output(): string;
  stop(): Promise<void>;
}

export interface PrismLaunch {
  /** Prism's arguments after the command, e.g. `["mock", spec, "-p", "4010"]`. */
  args: string[];
  host: string;
  port: number;
  startTimeoutMs?: number;
}

/**
 * Starts the Prism CLI (patched, see prism-patches.cjs) in a child process and resolves once it answers
 * HTTP on `host:port`. The child dies with this process, so a killed test run leaves no Prism behind.
 */
export async function launchPrism({
  args,
  host,
  port,
  startTimeoutMs = 30_000,
}: PrismLaunch): Promise<PrismProcess> {
  // Checked first: another server on the port would answer the readiness probe in Prism's place.
  await assertPortFree(host, port).catch((error: Error) => {
    throw new MockStartError(`Cannot serve on ${host}:${port}: ${error.message}`, "");
  });
  const child = spawn(
    process.execPath,
    [...preloads.flatMap((file) => ["--require", file]), prismCli, ...args],
    {
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    },
  );
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  try {
    await waitUntilServing(child, url, startTimeoutMs);
  } catch (error) {
    await terminate(child);
    throw new MockStartError((error as Error).message, output);
  }
  return { url, output: () => output, stop: () => terminate(child) };
}

async function waitUntilServing(child: ChildProcess, url: string, timeoutMs: number): Promise<void> {
  const exited = new Promise<never>((_, reject) => {
    child.once("exit", (code, signal) =>
      reject(new Error(`Prism exited (${signal ?? `code ${code}`}) before serving`)),
    );
    child.once("error", reject);
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const answered = await Promise.race([
      fetch(url, { signal: AbortSignal.timeout(1_000) }).then(
        () => true,
        () => false,
      ),
      exited,
    ]);
    if (answered) return;
    await Promise.race([new Promise((resolve) => setTimeout(resolve, 100)), exited]);
  }
  throw new Error(`Prism did not answer on ${url} within ${timeoutMs} ms`);
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
