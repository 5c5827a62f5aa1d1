import pidusage from "pidusage";
import { startServerProcess as startChild } from "../scripts/child-process.ts";

export interface ServerProcess {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** CPU time (user + system) the process has used so far, in ms. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Runs `node <args>` as a server (see scripts/child-process.ts: it binds a port of its own and reports it)
 * and resolves once it listens. Its stdout is read and dropped: a log consumer in this process would share
 * the CPU of whatever this process measures. Its stderr is kept, to explain a failed start.
 */
export async function startServerProcess(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const server = await startChild({ args, env });
  return {
    url: server.url,
    cpuMs: async () => (await pidusage(server.pid)).ctime,
    async stop() {
      await server.stop();
    },
  };
}
