/**
 * How much of the allowed request rate a bulk job gets through @dashly/client's pacing, against a fake API
 * that enforces the limit (bench/fake-dashly.ts): list every lead, then set a prop on some of them.
 *
 * The limit is scaled down so that a run spans several windows in half a minute: 100 requests per 10 s is
 * the production ratio of 600 a minute (10/s) with a shorter window.
 */
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { createDashlyClient, type RetryEvent, type WaitEvent } from "../packages/client/src/index.ts";
import type { FakeDashlyOptions, FakeDashlyStats } from "./fake-dashly.ts";
import { round, type Section } from "./report.ts";
import { startServerProcess } from "./server-process.ts";
import { mean } from "./stats.ts";

interface Settings {
  limit: number;
  windowMs: number;
  users: number;
  pageSize: number;
  /** Users whose prop is set. */
  posts: number;
  /** POSTs in flight at once, as a bulk job's worker pool would send them. */
  concurrency: number;
}

const full: Settings = {
  limit: 100,
  windowMs: 10_000,
  users: 5_000,
  pageSize: 50,
  posts: 250,
  concurrency: 10,
};
const short: Settings = {
  limit: 20,
  windowMs: 2_000,
  users: 1_000,
  pageSize: 50,
  posts: 60,
  concurrency: 10,
};

export function rateLimitSection({ quick }: { quick: boolean }): Section {
  const settings = quick ? short : full;
  return {
    key: "rateLimit",
    title: "Rate-limit use",
    run: () => measure(settings),
  };
}

/** For each request, the time until the request `limit` places later: at least a window, if paced. */
function windowSpans(times: readonly number[], limit: number): number[] {
  const spans: number[] = [];
  for (let index = 0; index + limit < times.length; index++)
    spans.push((times[index + limit] as number) - (times[index] as number));
  return spans;
}

async function measure(settings: Settings) {
  const { limit, windowMs, users, pageSize, posts, concurrency } = settings;
  const allowedPerSecond = (limit * 1000) / windowMs;
  const fake = await startServerProcess([
    "--import",
    "tsx",
    fileURLToPath(new URL("./fake-dashly-server.ts", import.meta.url)),
    JSON.stringify({ limit, windowMs, users } satisfies FakeDashlyOptions),
  ]);
  const baseUrl = `${fake.url}/v1`;
  const retries: RetryEvent[] = [];
  const waits: WaitEvent[] = [];
  /** When the client's transport handed each attempt to fetch, i.e. after its pacing let it go. */
  const sends: number[] = [];
  const recordingFetch: typeof fetch = (input, init) => {
    sends.push(performance.now());
    return fetch(input, init);
  };
  try {
    // A fresh token: the client's pacing budget is per token and per process.
    const dashly = createDashlyClient({
      token: `bench-${randomUUID()}`,
      baseUrl,
      fetch: recordingFetch,
      rateLimit: { limit, windowMs },
    });
    dashly.on("retry", (event) => retries.push(event));
    dashly.on("wait", (event) => waits.push(event));

    const started = performance.now();
    const leads: Array<{ id: string }> = [];
    let pages = 0;
    for await (const page of dashly
      .paginate("/apps/{id}/users", {
        params: { path: { id: "$self_app" }, query: { offset: 0, limit: pageSize } },
      })
      .pages()) {
      leads.push(...page.items);
      pages = page.number;
    }
    if (leads.length !== users) throw new Error(`paginate brought ${leads.length} users, not ${users}`);
    const listedMs = performance.now() - started;

    let next = 0;
    const targets = leads.slice(0, posts);
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let index = next++; index < targets.length; index = next++) {
          const { meta } = await dashly.POST("/users/{id}/props", {
            params: { path: { id: (targets[index] as { id: string }).id } },
            body: { operations: [{ op: "update_or_create", key: "bench_batch", value: "issue-7" }] },
          });
          if (meta.affected_props?.[0] !== "bench_batch") throw new Error("the fake did not set the prop");
        }
      }),
    );
    const elapsedMs = performance.now() - started;

    const seen = (await (await fetch(`${fake.url}/__bench/stats`)).json()) as FakeDashlyStats;
    const arrivals = seen.accepted;
    const requests = arrivals.length;
    // Every run of `limit` consecutive requests must span at least one window: the time they actually took
    // against that window is the share of the allowed rate the client used, with the limiter's bursts
    // (all of a window's budget at once, then a wait) cancelled out.
    const spans = windowSpans(arrivals, limit);
    if (spans.length === 0)
      throw new Error(`the job made ${requests} requests: fewer than one window's budget`);
    const meanSpan = mean(spans);
    const share = (100 * windowMs) / meanSpan;
    const naivePerSecond = requests / (elapsedMs / 1000);
    const closestSends = Math.min(...windowSpans(sends, limit));
    // At best, each window's budget goes at once: the last request starts this long after the first.
    const idealSeconds = ((Math.ceil(requests / limit) - 1) * windowMs) / 1000;
    const retriesBy = (method: string) => retries.filter((event) => event.method === method).length;

    return {
      figures: [
        {
          id: "rateLimit.shareOfAllowedRate",
          label: `Sustained rate, share of ${allowedPerSecond}/s allowed`,
          value: round(share, 1),
          unit: "%",
          goal: { kind: "min" as const, target: 95, text: "≥ 95 %" },
        },
        {
          id: "rateLimit.tooManyRequests",
          label: "429s sent by the fake",
          value: seen.rejected,
          unit: "count",
          goal: { kind: "max" as const, target: 0, text: "0" },
        },
        {
          id: "rateLimit.jobSeconds",
          label: `Job time, ${requests} requests (${idealSeconds} s at best)`,
          value: round(elapsedMs / 1000, 1),
          unit: "s",
        },
        {
          id: "rateLimit.completedPerSecond",
          label: "Completed / elapsed, whole job",
          value: round(naivePerSecond, 2),
          unit: "req/s",
        },
      ],
      details: {
        settings: { ...settings, allowedPerSecond, productionEquivalent: "600 requests / 60 s" },
        requests,
        getRequests: requests - posts,
        postRequests: posts,
        listedMs: round(listedMs),
        elapsedMs: round(elapsedMs),
        idealSeconds,
        completedPerSecond: round(naivePerSecond, 3),
        windowSpans: {
          count: spans.length,
          meanMs: round(meanSpan),
          minMs: round(Math.min(...spans)),
          maxMs: round(Math.max(...spans)),
        },
        // Why a 429 can come although the client paced: the gaps it kept between sends, and the gaps the
        // fake saw between arrivals of all attempts (a new connection or a pause delays one more than another).
        closestSendsMs: round(closestSends),
        closestArrivalsMs: round(Math.min(...windowSpans(seen.arrivals, limit))),
        sustainedPerSecond: round((limit * 1000) / meanSpan, 3),
        tooManyRequests: seen.rejected,
        tooEarlyByMs: seen.earlyByMs.map((ms) => round(ms, 3)),
        pagesListed: pages,
        // The client's `wait` events: how often a request waited for its turn, and for how long in all.
        pacingWaits: {
          count: waits.length,
          totalMs: round(waits.reduce((sum, wait) => sum + wait.waitMs, 0)),
          paused: waits.filter((wait) => wait.reason === "paused").length,
        },
        retriesSeenByClient: {
          GET: retriesBy("GET"),
          POST: retriesBy("POST"),
          delaysMs: [...new Set(retries.map((event) => event.delayMs))],
        },
      },
      method: [
        `scaled limit ${limit} requests / ${windowMs / 1000} s per token (600/min is also ${allowedPerSecond}/s); client rateLimit: { limit: ${limit}, windowMs: ${windowMs} }; the fake (bench/fake-dashly.ts, its own process) counts arrivals in a sliding window (performance.now) and answers 429 + Retry-After beyond it`,
        `job: paginate ${users} users (offset/limit ${pageSize}, sequential; the last page is empty), then set a prop on ${posts} of them, ${concurrency} POSTs in flight`,
        `share = window / mean time each run of ${limit} consecutive accepted requests took (${spans.length} runs, arrival times at the fake): the limiter sends a window's budget at once and then waits, so whole-job completed/elapsed (also shown) swings with where the job ends inside a window; 100 % = never a ms later than the limit allows`,
        ...(seen.rejected > 0
          ? [
              `why the 429s: at the fake, ${seen.rejected} requests came ${round(Math.min(...seen.earlyByMs), 1)}-${round(Math.max(...seen.earlyByMs), 1)} ms before a slot freed; the client's own sends were as close as ${round(closestSends, 1)} ms for a ${windowMs} ms window (the store counts a slot's window from its release, when the answer's headers came, so an arrival cannot be later than the window's start unless the fake's clock and the client's disagree)`,
            ]
          : []),
      ],
    };
  } finally {
    await fake.stop();
  }
}
