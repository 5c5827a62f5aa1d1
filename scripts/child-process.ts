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
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
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
