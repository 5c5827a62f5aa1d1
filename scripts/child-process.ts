import { spawn } from "node:child_process";
import { stripVTControlCharacters } from "node:util";

export interface Finished {
  code: number | null;
  /** stdout and stderr, interleaved as they came. */
  output: string;
  /** Wall-clock ms from spawn to exit. */
  wallMs: number;
}

/** Runs a command to its end, output captured (shown only when something fails), and times it. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("error", reject);
    child.once("close", (code) =>
      resolve({ code, output: stripVTControlCharacters(output), wallMs: performance.now() - started }),
    );
  });
}

/** Like runCommand, but a non-zero exit is an error that carries the command's output. */
export async function runOrThrow(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<Finished> {
  const finished = await runCommand(command, args, options);
  if (finished.code !== 0)
    throw new Error(`${[command, ...args].join(" ")} exited with ${finished.code}:\n${finished.output}`);
  return finished;
}

/** The output of a command that must succeed. */
export async function outputOf(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<string> {
  return (await runOrThrow(command, args, options)).output;
}

/** A server running as a child process, as startServerProcess gives it. */
export interface ServerProcess {
  /** The URL the server reported, e.g. `http://127.0.0.1:43817`. */
  url: string;
  pid: number;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Sends SIGTERM and resolves with the exit code once the process has left and its output is read. */
  stop(): Promise<number | null>;
}

export interface ServerProcessOptions {
  /** node's arguments: flags and the script. */
  args: readonly string[];
  env?: Record<string, string>;
  /** Called with each line the process writes to stdout; without it, stdout is read and dropped. */
  onStdoutLine?: (line: string) => void;
  /** How long the process may take to report its URL before it is killed. Default 60 s. */
  startTimeoutMs?: number;
}

/**
 * Runs `node <args>` as a server and resolves once it reports where it listens. The server gets `PORT=0` and
 * `HOST=127.0.0.1`, binds a port of the kernel's choosing and sends `{ listening: url }` over the IPC
 * channel: no port is probed free here and bound there later, so no other process can take it in between.
 * A server that loses this process (its IPC channel closes) is expected to stop, so none outlives a test.
 */
export function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, options.args, {
    env: { ...process.env, ...options.env, PORT: "0", HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    errors += chunk.toString();
  });
  let pending = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    if (!options.onStdoutLine) return;
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) options.onStdoutLine(line);
  });
  // "close", not "exit": by then stdout and stderr are read to their end, so no log line comes after.
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  const name = options.args.join(" ");
  const startTimeoutMs = options.startTimeoutMs ?? 60_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${name} did not report a URL within ${startTimeoutMs} ms:\n${errors}`));
    }, startTimeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before listening:\n${errors}`));
    });
    child.on("message", (message: { listening?: unknown }) => {
      if (typeof message?.listening !== "string") return;
      clearTimeout(timer);
      resolve({
        url: message.listening,
        pid: child.pid ?? 0,
        stderr: () => errors,
        stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
          return exited;
        },
      });
    });
  });
}
