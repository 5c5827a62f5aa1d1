import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import getPort from "get-port";
import pidusage from "pidusage";

export interface ServerProcess {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** CPU time (user + system) the process has used so far, in ms. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Runs `node <args>` as a server on a free port (given as PORT, HOST=127.0.0.1) and resolves once it answers
 * HTTP. Its stdout goes to /dev/null: a log consumer in this process would share the CPU of whatever this
 * process measures. Its stderr is kept, to explain a failed start.
 */
export async function startServerProcess(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const port = await getPort({ host: "127.0.0.1" });
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${args.join(" ")} exited with ${child.exitCode}:\n${errors}`);
    const answered = await fetch(url).then(
      (response) => response.body?.cancel().then(() => true) ?? true,
      () => false,
    );
    if (answered) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${args.join(" ")} did not answer on ${url} within 15 s:\n${errors}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    async cpuMs() {
      if (child.pid === undefined) throw new Error(`${args.join(" ")} has no pid`);
      return (await pidusage(child.pid)).ctime;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}
