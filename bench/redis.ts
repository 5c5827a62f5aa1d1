/**
 * `@dashly/redis`' figures (issue 14): its own benchmark (`pnpm --filter @dashly/redis bench`, which starts
 * a redis-server of its own) run as a command, its JSON line read here and turned into figures: one
 * rate-limit budget shared by real processes, the same at a window edge through a fixed-window limiter, the
 * webhook's acknowledgement with the reply stored in Redis, and recovery after kill -9.
 */
import { fileURLToPath } from "node:url";
import { outputOf } from "../scripts/child-process.ts";
import { type Figure, round, type Section, type SectionResult } from "./report.ts";
import { percentile } from "./stats.ts";

const root = fileURLToPath(new URL("../", import.meta.url));

/** What the package's bench reports of one shared-budget run (the fields used here). */
type BudgetRun = Record<"accepted" | "tooManyRequests" | "maxInAnyWindow" | "share", number> & {
  processShares: number[];
  redisCallsPerRequest?: number;
  acquireWaitsMs: number[];
};

interface ScaleOutResults {
  settings: {
    processes: number;
    concurrency: number;
    limit: number;
    windowMs: number;
    durationMs: number;
    ackRequests: number;
  };
  shared: BudgetRun;
  delayed: BudgetRun;
  windowEdge: { slidingLogMaxInWindow: number; fixedWindowMaxInWindow: number };
  ack: { redisMs: number[]; memoryMs: number[] };
  recovery: { restartMs: number; firstGrantMs: number };
}

export function redisSection({ quick }: { quick: boolean }): Section {
  return { key: "redis", title: "Redis scale-out", run: () => measure(quick) };
}

async function measure(quick: boolean): Promise<SectionResult> {
  const output = await outputOf("pnpm", ["--filter", "@dashly/redis", "--silent", "bench"], {
    cwd: root,
    env: { BENCH_QUICK: quick ? "1" : "0" },
  });
  const {
    settings,
    shared,
    delayed,
    windowEdge: edge,
    ack,
    recovery,
  } = JSON.parse(output.trim().split("\n").at(-1) ?? "") as ScaleOutResults;
  const { processes, concurrency, limit, windowMs, durationMs } = settings;
  const shape = `${processes} x ${concurrency}`;
  const figures: Figure[] = [
    {
      id: "redis.accepted",
      label: `${shape}: accepted in ${durationMs / 1000} s`,
      value: shared.accepted,
      unit: "count",
    },
    {
      id: "redis.tooManyRequests",
      label: `${shape}: 429s`,
      value: shared.tooManyRequests,
      unit: "count",
      goal: { kind: "max", target: 0, text: "0" },
    },
    {
      id: "redis.maxInAnyWindow",
      label: `${shape}: most requests in any window (limit ${limit})`,
      value: shared.maxInAnyWindow,
      unit: "count",
      goal: { kind: "max", target: limit, text: `≤ ${limit}` },
    },
    {
      id: "redis.share",
      label: `${shape}: share of the allowed rate`,
      value: round(shared.share, 1),
      unit: "%",
      goal: { kind: "min", target: 95, text: "≥ 95 %" },
    },
    {
      id: "redis.processShareLowest",
      label: `${shape}: lowest process share (fair: ${round(100 / processes, 1)} %)`,
      value: round(Math.min(...shared.processShares), 1),
      unit: "%",
    },
    {
      id: "redis.processShareHighest",
      label: `${shape}: highest process share`,
      value: round(Math.max(...shared.processShares), 1),
      unit: "%",
    },
    {
      id: "redis.callsPerRequest",
      label: `${shape}: Redis calls per request`,
      value: round(shared.redisCallsPerRequest ?? Number.NaN, 2),
      unit: "calls",
    },
    {
      id: "redis.acquireWaitP50",
      label: `${shape}: acquire wait p50`,
      value: round(percentile(shared.acquireWaitsMs, 50)),
      unit: "ms",
    },
    {
      id: "redis.acquireWaitP99",
      label: `${shape}: acquire wait p99`,
      value: round(percentile(shared.acquireWaitsMs, 99)),
      unit: "ms",
    },
    {
      id: "redis.delayedFirst.tooManyRequests",
      label: `${shape}, 2 s delay on each window's first request: 429s`,
      value: delayed.tooManyRequests,
      unit: "count",
      goal: { kind: "max", target: 0, text: "0" },
    },
    {
      id: "redis.windowEdge.slidingLog",
      label: `window edge: most granted in any window, sliding log (limit ${limit})`,
      value: edge.slidingLogMaxInWindow,
      unit: "count",
      goal: { kind: "max", target: limit, text: `≤ ${limit}` },
    },
    {
      id: "redis.windowEdge.fixedWindow",
      label: "window edge: same, rate-limiter-flexible's RateLimiterRedis",
      value: edge.fixedWindowMaxInWindow,
      unit: "count",
    },
    ...ackFigures(ack),
    {
      id: "redis.recovery.firstGrant",
      label: "kill -9 of redis-server, restart: until the store grants again",
      value: round(recovery.firstGrantMs),
      unit: "ms",
    },
  ];
  return {
    figures,
    details: {
      settings,
      shared: { ...shared, acquireWaitsMs: undefined },
      delayedFirstRequest: { ...delayed, acquireWaitsMs: undefined },
      windowEdge: edge,
      recovery: { restartMs: round(recovery.restartMs), firstGrantMs: round(recovery.firstGrantMs) },
    },
    method: [
      `${processes} processes (node, each a @dashly/client with RedisRateLimitStore on its own ioredis connection) x ${concurrency} callers on one key, limit ${limit} / ${windowMs / 1000} s, ${durationMs / 1000} s; each caller makes one POST after another (the client takes a slot first, one waiter per process, FIFO) to a strict sliding-window API stand-in (packages/redis/test/support/strict-window-server.ts, in the benchmark's process) that answers 429 beyond the limit, the client releases the slot when the answer comes`,
      "share = window / mean time each run of `limit` consecutive accepted requests took, at the API; process share = its part of the accepted requests; Redis calls = EVALSHA + EVAL in INFO commandstats (reset at the start) / accepted requests; acquire wait = from the call until the client hands the request to fetch, every request of every process",
      `delay: the API holds every ${limit}-th request 2 s before it counts and answers it; slots are held until the answer (the client's timeoutMs, 10 s, is the hold limit)`,
      `window edge: one request, then ${limit} at 95 % of the window and ${limit} at 105 % (packages/redis/bench/window-edge.ts), through RedisRateLimitStore and through rate-limiter-flexible 11.4's RateLimiterRedis (points ${limit}, duration ${windowMs / 1000} s), same Redis; the most grants within any window`,
      `ack: a node:http receiver that answers 200 after storing the delivery, ${settings.ackRequests} POSTs from 10 callers in the same process; Redis = createReplyQueue().enqueue (BullMQ add with dedupe, append-only Redis on loopback), memory = an array push`,
      "recovery: redis-server killed (SIGKILL) and started again at once on its append-only file; from the kill to the first slot granted on the connection opened before",
    ],
  };
}

function ackFigures(ack: { redisMs: number[]; memoryMs: number[] }): Figure[] {
  const at = (values: number[], p: number) => round(percentile(values, p));
  return [
    {
      id: "redis.ack.redisP50",
      label: "webhook ack p50, stored in Redis",
      value: at(ack.redisMs, 50),
      unit: "ms",
    },
    {
      id: "redis.ack.redisP99",
      label: "webhook ack p99, stored in Redis",
      value: at(ack.redisMs, 99),
      unit: "ms",
    },
    {
      id: "redis.ack.memoryP50",
      label: "webhook ack p50, kept in memory",
      value: at(ack.memoryMs, 50),
      unit: "ms",
    },
    {
      id: "redis.ack.memoryP99",
      label: "webhook ack p99, kept in memory",
      value: at(ack.memoryMs, 99),
      unit: "ms",
    },
    {
      id: "redis.ack.ratioP50",
      label: "webhook ack p50, Redis / memory",
      value: round(percentile(ack.redisMs, 50) / percentile(ack.memoryMs, 50)),
      unit: "x",
    },
  ];
}
