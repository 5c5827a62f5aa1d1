/**
 * A real `redis-server` for tests: its own process on a free loopback port, in a temporary directory, with
 * append-only persistence on and snapshots off, stopped by pid. No mock: BullMQ and Lua scripts need the
 * real server. Needs the `redis-server` program (Debian: `apt-get install -y redis-server`).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { accessSync, constants } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import getPort from "get-port";

export interface RedisServer {
  /** `redis://127.0.0.1:<port>`: give it to ioredis or as `REDIS_URL`. */
  readonly url: string;
  readonly port: number;
  /** The server's working directory (its append-only files live here). */
  readonly dir: string;
  /** The running process's pid, or undefined while stopped. */
  readonly pid: number | undefined;
  /** `kill -9`: no chance to flush; what the append-only file holds is what survives. */
  crash(): Promise<void>;
  /** Starts it again on the same port and directory; resolves once it answers PING. */
  restart(): Promise<void>;
  /** SIGTERM, wait for the exit, remove the directory. Safe to call twice or after `crash`. */
  stop(): Promise<void>;
}

export interface RedisServerOptions {
  /** Extra `redis-server` arguments, e.g. `["--cluster-enabled", "yes"]`. */
  args?: readonly string[];
  /** How long to wait for the first PONG; default 10 s. */
  startTimeoutMs?: number;
}

/** The `redis-server` program on PATH, or undefined. */
export function findRedisServer(): string | undefined {
  for (const folder of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(folder, "redis-server");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

/**
 * For `describe.skipIf(skipWithoutRedisServer())`: false when redis-server is installed. When it is missing,
 * CI (the `CI` variable set) is a broken setup and this throws; on a developer's machine it warns once and
 * the Redis tests skip.
 */
export function skipWithoutRedisServer(): boolean {
  if (findRedisServer() !== undefined) return false;
  const message = "redis-server is not installed (Debian: apt-get install -y redis-server)";
  if (process.env.CI) throw new Error(`${message}; CI must install it before the tests run`);
  console.warn(`${message}: skipping the tests that run a real Redis`);
  return true;
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const program = findRedisServer();
  if (program === undefined) throw new Error("redis-server is not installed");
  const dir = await mkdtemp(join(tmpdir(), "dashly-redis-"));
  const port = await getPort({ host: "127.0.0.1" });
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  const args = [
    ...["--port", String(port), "--bind", "127.0.0.1", "--dir", dir],
    // Append-only with the default fsync (every second): a killed process loses nothing it acknowledged,
    // since Redis writes the file before it answers; only a machine crash could lose the last second.
    ...["--save", "", "--appendonly", "yes"],
    ...["--daemonize", "no", "--loglevel", "warning"],
    ...(options.args ?? []),
  ];
  let child: ChildProcess | undefined;

  async function launch(): Promise<void> {
    const started = spawn(program as string, args, { stdio: ["ignore", "ignore", "pipe"] });
    child = started;
    let errors = "";
    started.stderr?.on("data", (chunk: Buffer) => {
      errors += chunk.toString();
    });
    const deadline = Date.now() + startTimeoutMs;
    while (!(await answersPing(port))) {
      if (started.exitCode !== null)
        throw new Error(`redis-server exited with ${started.exitCode}: ${errors}`);
      if (Date.now() > deadline) {
        started.kill("SIGKILL");
        throw new Error(`redis-server did not answer PING on port ${port} within ${startTimeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async function end(signal: NodeJS.Signals): Promise<void> {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, "exit");
    running.kill(signal);
    await exited;
  }

  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    get pid() {
      return child?.pid;
    },
    crash: () => end("SIGKILL"),
    async restart() {
      await end("SIGKILL");
      await launch();
    },
    async stop() {
      await end("SIGTERM");
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** One PING over a fresh connection: true on `+PONG` (not while loading its append-only file). */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    let reply = "";
    const done = (answer: boolean): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk: Buffer) => {
      reply += chunk.toString();
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG"));
    });
  });
}
