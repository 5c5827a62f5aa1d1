/**
 * The shared-budget proof: `processes` real processes x `concurrency` callers on one key through the Redis
 * store, against a strict sliding-window stand-in of the API. Used by the tests (which assert) and by
 * `pnpm bench` (which prints).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import type { RedisServer } from "../../src/testing.ts";
import type { CallerReport, CallerSettings } from "./caller-process.ts";
import { maxInAnyWindow, shareOfAllowedRate, startStrictWindowServer } from "./strict-window-server.ts";

export interface SharedBudgetSettings {
  server: RedisServer;
  processes: number;
  concurrency: number;
  limit: number;
  windowMs: number;
  durationMs: number;
  /** Held before the API counts each window's first request (see strict-window-server.ts). */
  firstRequestDelayMs?: number;
  /** Runs alongside the callers, from their start: e.g. kill -9 of redis-server. */
  during?: (server: RedisServer) => Promise<void>;
}

export interface SharedBudgetResult {
  accepted: number;
  tooManyRequests: number;
  /** Most requests that reached the API in any window, accepted or not. */
  maxInAnyWindow: number;
  /** % of the allowed rate the accepted requests used (window / mean span of `limit` consecutive ones). */
  share: number;
  /** Each process's part of the accepted requests, % (100 / processes when fair). */
  processShares: number[];
  storeErrors: number;
  /** Script calls (EVALSHA + EVAL) per accepted request; undefined when Redis restarted mid-run. */
  redisCallsPerRequest: number | undefined;
  acquireWaitsMs: number[];
}

const callerScript = fileURLToPath(new URL("./caller-process.ts", import.meta.url));

export async function runSharedBudget(settings: SharedBudgetSettings): Promise<SharedBudgetResult> {
  const { server, processes, concurrency, limit, windowMs, durationMs } = settings;
  const api = await startStrictWindowServer({
    limit,
    windowMs,
    firstRequestDelayMs: settings.firstRequestDelayMs ?? 0,
  });
  const token = `proof-${randomUUID()}`;
  const children: ChildProcess[] = [];
  const admin = new Redis(server.url);
  admin.on("error", () => {});
  try {
    const watched: Array<ReturnType<typeof watch>> = [];
    for (let index = 0; index < processes; index++) {
      const caller: CallerSettings = {
        name: `process-${index}`,
        redisUrl: server.url,
        apiUrl: api.url,
        token,
        limit,
        windowMs,
        // Longer than any answer takes here, the delayed ones included.
        timeoutMs: 10_000,
        concurrency,
      };
      const child = spawn(process.execPath, ["--import", "tsx", callerScript, JSON.stringify(caller)], {
        stdio: ["pipe", "pipe", "inherit"],
      });
      children.push(child);
      watched.push(watch(child));
    }
    await Promise.all(watched.map((one) => one.ready));
    await admin.config("RESETSTAT");
    for (const child of children) child.stdin?.write("go\n");
    const during = settings.during?.(server);
    await new Promise((resolve) => setTimeout(resolve, durationMs));
    await during;
    for (const child of children) child.stdin?.end("stop\n");
    const done = await Promise.all(watched.map((one) => one.report));
    const seen = api.stats();
    const calls = settings.during === undefined ? await scriptCalls(admin) : undefined;
    const accepted = seen.accepted.length;
    return {
      accepted,
      tooManyRequests: seen.rejected,
      maxInAnyWindow: maxInAnyWindow(seen.arrivals, windowMs),
      share: shareOfAllowedRate(seen.accepted, limit, windowMs),
      processShares: done.map((report) => (100 * (seen.acceptedBy[report.name] ?? 0)) / accepted),
      storeErrors: done.reduce((sum, report) => sum + report.storeErrors, 0),
      redisCallsPerRequest: calls === undefined ? undefined : calls / accepted,
      acquireWaitsMs: done.flatMap((report) => report.acquireWaitsMs),
    };
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    admin.disconnect();
    await api.stop();
  }
}

/** The caller's `ready` line, and its report: the last line it prints before it exits. */
function watch(child: ChildProcess): { ready: Promise<void>; report: Promise<CallerReport> } {
  let output = "";
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    if (output.startsWith("ready\n")) markReady();
  });
  const report = once(child, "exit").then(([code]) => {
    if (code !== 0) throw new Error(`a caller process exited with ${code}`);
    const lines = output.trim().split("\n");
    return JSON.parse(lines[lines.length - 1] ?? "") as CallerReport;
  });
  return { ready: Promise.race([ready, report.then(() => {})]), report };
}

async function scriptCalls(admin: Redis): Promise<number> {
  const info = await admin.info("commandstats");
  let calls = 0;
  for (const match of info.matchAll(/^cmdstat_(?:evalsha|eval):calls=(\d+)/gm)) calls += Number(match[1]);
  return calls;
}
