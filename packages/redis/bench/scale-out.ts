/**
 * `pnpm --filter @dashly/redis bench`: the package's figures on a redis-server it starts (append-only, own
 * port), printed as one JSON line (`ScaleOutResults`) for `pnpm bench`'s "Redis scale-out" section, which
 * turns them into figures. BENCH_QUICK=1 for a shorter run.
 */
import { startRedisServer } from "../src/testing.ts";
import { runSharedBudget } from "../test/support/shared-budget-run.ts";
import { ackLatency } from "./ack-latency.ts";
import { recoveryAfterKill } from "./recovery.ts";
import { windowEdgeOnServer } from "./window-edge.ts";

const full = {
  processes: 4,
  concurrency: 8,
  limit: 100,
  windowMs: 10_000,
  durationMs: 30_000,
  ackRequests: 4_000,
};
const short = { ...full, limit: 20, windowMs: 2_000, durationMs: 8_000, ackRequests: 1_000 };
const settings = process.env.BENCH_QUICK === "1" ? short : full;

const server = await startRedisServer();
try {
  const { processes, concurrency, limit, windowMs, durationMs } = settings;
  const budget = { server, processes, concurrency, limit, windowMs, durationMs };
  const shared = await runSharedBudget(budget);
  const delayed = await runSharedBudget({ ...budget, firstRequestDelayMs: 2_000 });
  const windowEdge = await windowEdgeOnServer(server.url, limit, windowMs);
  const ack = await ackLatency(server.url, settings.ackRequests, 10);
  const recovery = await recoveryAfterKill(server);
  console.log(JSON.stringify({ settings, shared, delayed, windowEdge, ack, recovery }));
} finally {
  await server.stop();
}
