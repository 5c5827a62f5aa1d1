/**
 * A stand-in for the API's rate limit, strict: a sliding window over the moments requests arrive (all
 * callers together, sub-millisecond clock), a 429 with `Retry-After` beyond it. Each caller names itself in
 * `x-caller`, so that the share of each process can be told. Optionally the first request of each window's
 * worth (every `limit`-th arrival) is held `firstRequestDelayMs` before it is counted and answered: a slow
 * path to the API, which is what makes a limiter that counts from the grant overshoot the next window.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface StrictWindowOptions {
  limit: number;
  windowMs: number;
  firstRequestDelayMs?: number;
}

export interface StrictWindowStats {
  /** When each accepted request was counted (performance.now), oldest first. */
  accepted: number[];
  /** Every counted arrival, accepted or not. */
  arrivals: number[];
  rejected: number;
  acceptedBy: Record<string, number>;
}

export interface StrictWindowServer {
  url: string;
  stats(): StrictWindowStats;
  stop(): Promise<void>;
}

export async function startStrictWindowServer(options: StrictWindowOptions): Promise<StrictWindowServer> {
  const { limit, windowMs, firstRequestDelayMs = 0 } = options;
  const open: number[] = []; // accepted arrivals still in the window
  const stats: StrictWindowStats = { accepted: [], arrivals: [], rejected: 0, acceptedBy: {} };
  let received = 0;

  const server = createServer((request, response) => {
    request.resume();
    const delay = firstRequestDelayMs > 0 && received++ % limit === 0 ? firstRequestDelayMs : 0;
    setTimeout(() => {
      const now = performance.now();
      stats.arrivals.push(now);
      while (open.length > 0 && (open[0] as number) <= now - windowMs) open.shift();
      if (open.length >= limit) {
        stats.rejected++;
        const retryAfter = Math.ceil(((open[0] as number) + windowMs - now) / 1000);
        const refusal = {
          meta: { status: 429, error: "TooManyRequests", error_message: "Too many" },
          data: {},
        };
        response
          .writeHead(429, { "content-type": "application/json", "retry-after": String(retryAfter) })
          .end(JSON.stringify(refusal));
        return;
      }
      open.push(now);
      stats.accepted.push(now);
      const caller = String(request.headers["x-caller"] ?? "unknown");
      stats.acceptedBy[caller] = (stats.acceptedBy[caller] ?? 0) + 1;
      response
        .writeHead(200, { "content-type": "application/json" })
        .end('{"meta":{"status":200},"data":{}}');
    }, delay);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () => structuredClone(stats),
    stop: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The most arrivals that fall in any window `(t - windowMs, t]`. */
export function maxInAnyWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last++) {
    while ((sorted[first] as number) <= (sorted[last] as number) - windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/**
 * The share of the allowed rate used: each run of `limit` consecutive accepted requests must span at least
 * a window; the window over the mean span they took (100 % = never a ms later than the limit allows).
 */
export function shareOfAllowedRate(accepted: readonly number[], limit: number, windowMs: number): number {
  const spans: number[] = [];
  for (let index = 0; index + limit < accepted.length; index++)
    spans.push((accepted[index + limit] as number) - (accepted[index] as number));
  if (spans.length === 0) throw new RangeError("fewer accepted requests than one window's budget");
  return (100 * windowMs * spans.length) / spans.reduce((sum, span) => sum + span, 0);
}
