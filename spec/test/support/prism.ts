import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import getPort from "get-port";

const prismBin = fileURLToPath(new URL("../../node_modules/.bin/prism", import.meta.url));

export interface RunningPrism {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the Prism CLI on `specFile` and resolves once it answers HTTP. The spec tests keep this small
 * launcher of their own: the spec sits below every package, so it cannot use @dashly/mock.
 */
export async function startPrism(specFile: string): Promise<RunningPrism> {
  const port = await getPort({ host: "127.0.0.1" });
  const child: ChildProcess = spawn(
    prismBin,
    ["mock", "-h", "127.0.0.1", "-p", String(port), "-v", "warn", specFile],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Prism exited with ${child.exitCode}:\n${output}`);
    try {
      await fetch(url);
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  if (Date.now() >= deadline) {
    child.kill("SIGKILL");
    throw new Error(`Prism did not answer within 20 s:\n${output}`);
  }
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
