/**
 * How fast the bot acknowledges webhook deliveries, against a bare node:http server that only parses the
 * same body, both driven by autocannon with the same connections and duration. Both servers run as their own
 * processes: the bot as `pnpm start` runs it (apps/bot/dist/main.js, logs at its default level), the baseline
 * as bench/bare-ack-server.ts.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { buildChatDelivery, docsChatPart, type TestDelivery } from "@dashly/webhooks/testing";
import autocannon from "autocannon";
import { startFakeDashly } from "./fake-dashly.ts";
import { type Figure, round, type Section } from "./report.ts";
import { type ServerProcess, startServerProcess } from "./server-process.ts";
import { median, percentile } from "./stats.ts";

const botMain = fileURLToPath(new URL("../apps/bot/dist/main.js", import.meta.url));
const autocannonVersion = (createRequire(import.meta.url)("autocannon/package.json") as { version: string })
  .version;

interface Settings {
  connections: number;
  /** Per target, once, discarded. */
  warmupSeconds: number;
  /** The targets take turns, round after round, so that a busy moment of the machine hits them all. */
  rounds: number;
  secondsPerRound: number;
}

const webhookToken = "bench-webhook-token";

/** The docs' example part, with a 64-bit part ID: what a lead's message looks like on the wire. */
const leadMessage = (body: string) => docsChatPart({ id: "1160406004324630614", body });

/** Matches no rule of rules/default.yaml: acknowledged, nothing queued, the bot's client never called. */
const noMatch = buildChatDelivery(leadMessage("Just looking around, thanks"), { token: webhookToken });
/** Matches the first rule; after the first delivery, every copy is a duplicate of an answered part. */
const matching = buildChatDelivery(leadMessage("Hello, how are you"), { token: webhookToken });

/** One autocannon run: 2xx answers, duration, and every response's own latency. */
interface Sample {
  ok: number;
  seconds: number;
  latenciesMs: number[];
  /** autocannon's own p99, whole milliseconds. */
  autocannonP99Ms: number;
  /** CPU time the server process used during the run. */
  serverCpuMs: number;
}

interface Target {
  label: string;
  server: ServerProcess;
  url: string;
  delivery: TestDelivery;
  /** Every answer must be exactly this. */
  expectBody: string;
}

async function cannon(target: Target, connections: number, seconds: number): Promise<Sample> {
  const latenciesMs: number[] = [];
  const cpuBefore = await target.server.cpuMs();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.url,
        method: "POST",
        headers: target.delivery.headers,
        body: target.delivery.body,
        connections,
        duration: seconds,
        expectBody: target.expectBody,
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    // autocannon's histogram keeps whole milliseconds; each response's time is sub-ms.
    instance.on("response", (_client, _status, _bytes, responseTime) => latenciesMs.push(responseTime));
  });
  const failed = result.non2xx + result.errors + result.mismatches;
  if (failed > 0)
    throw new Error(
      `${target.label}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.mismatches} unexpected bodies`,
    );
  return {
    ok: result["2xx"],
    seconds: result.duration,
    latenciesMs,
    autocannonP99Ms: result.latency.p99,
    serverCpuMs: (await target.server.cpuMs()) - cpuBefore,
  };
}

interface Measured {
  label: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Server CPU time per delivery answered. */
  cpuUsPerDelivery: number;
  perRound: Array<{
    requestsPerSecond: number;
    p99Ms: number;
    autocannonP99Ms: number;
    cpuUsPerDelivery: number;
  }>;
}

function summarize(label: string, samples: readonly Sample[]): Measured {
  const latencies = samples.flatMap((sample) => sample.latenciesMs);
  const ok = samples.reduce((sum, sample) => sum + sample.ok, 0);
  const seconds = samples.reduce((sum, sample) => sum + sample.seconds, 0);
  const cpuMs = samples.reduce((sum, sample) => sum + sample.serverCpuMs, 0);
  return {
    label,
    requestsPerSecond: round(ok / seconds),
    p50Ms: round(percentile(latencies, 50), 3),
    p99Ms: round(percentile(latencies, 99), 3),
    requests: ok,
    cpuUsPerDelivery: round((cpuMs * 1000) / ok),
    perRound: samples.map((sample) => ({
      requestsPerSecond: round(sample.ok / sample.seconds),
      p99Ms: round(percentile(sample.latenciesMs, 99), 3),
      autocannonP99Ms: sample.autocannonP99Ms,
      cpuUsPerDelivery: round((sample.serverCpuMs * 1000) / sample.ok),
    })),
  };
}

export function botAckSection({ quick }: { quick: boolean }): Section {
  const settings: Settings = quick
    ? { connections: 10, warmupSeconds: 1, rounds: 2, secondsPerRound: 1.5 }
    : { connections: 10, warmupSeconds: 2, rounds: 5, secondsPerRound: 2 };
  return {
    key: "botAck",
    title: "Bot ack path",
    async run() {
      if (!existsSync(botMain)) throw new Error("apps/bot/dist/main.js is missing: run `pnpm build` first");
      // The bot's API: only the one reply of the duplicates run reaches it.
      const api = await startFakeDashly({ limit: 60, windowMs: 60_000, users: 0 });
      const servers: ServerProcess[] = [];
      try {
        const bare = await startServerProcess([
          "--import",
          "tsx",
          fileURLToPath(new URL("./bare-ack-server.ts", import.meta.url)),
        ]);
        servers.push(bare);
        const bot = await startServerProcess([botMain], {
          DASHLY_TOKEN: "bench-api-token",
          DASHLY_API_URL: api.baseUrl,
          DASHLY_WEBHOOK_TOKEN: webhookToken,
        });
        servers.push(bot);
        const botUrl = `${bot.url}/webhooks/dashly`;

        // Answer the matching part once, so that every later copy of it is a duplicate.
        const first = await fetch(botUrl, { method: "POST", headers: matching.headers, body: matching.body });
        const firstAnswer = await first.text();
        if (firstAnswer !== '{"outcome":"queued"}')
          throw new Error(`the matching message got ${firstAnswer}`);
        const deadline = Date.now() + 10_000;
        while (api.stats().replies < 1 && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 20));
        if (api.stats().replies !== 1) throw new Error("the bot's reply did not reach the fake API");

        const targets: Target[] = [
          {
            label: "bare node:http",
            server: bare,
            url: `${bare.url}/webhooks/dashly`,
            delivery: noMatch,
            expectBody: '{"ok":true}',
          },
          {
            label: "bot (no-match)",
            server: bot,
            url: botUrl,
            delivery: noMatch,
            expectBody: '{"outcome":"no-match"}',
          },
          {
            label: "bot (duplicates)",
            server: bot,
            url: botUrl,
            delivery: matching,
            expectBody: '{"outcome":"duplicate"}',
          },
        ];
        for (const target of targets) await cannon(target, settings.connections, settings.warmupSeconds);
        const samples: Sample[][] = targets.map(() => []);
        for (let turn = 0; turn < settings.rounds; turn++)
          for (const [index, target] of targets.entries())
            samples[index]?.push(await cannon(target, settings.connections, settings.secondsPerRound));
        if (api.stats().replies !== 1)
          throw new Error(`the bot sent ${api.stats().replies} replies; duplicates must send none`);

        const [bareRun, noMatchRun, duplicateRun] = targets.map((target, index) =>
          summarize(target.label, samples[index] ?? []),
        ) as [Measured, Measured, Measured];
        const vsBare = (run: Measured, key: "requestsPerSecond" | "p99Ms") => round(run[key] / bareRun[key]);
        // Each round's ratio compares two runs a few seconds apart; their median shrugs off a busy moment of the
        // machine better than the ratio of the totals does.
        const vsBarePerRound = (run: Measured) =>
          run.perRound.map((one, index) =>
            round(one.requestsPerSecond / (bareRun.perRound[index]?.requestsPerSecond ?? Number.NaN)),
          );
        const figures: Figure[] = [
          {
            id: "botAck.bare.rps",
            label: "deliveries/s, bare node:http",
            value: bareRun.requestsPerSecond,
            unit: "req/s",
          },
          {
            id: "botAck.noMatch.rps",
            label: "deliveries/s, bot (no-match)",
            value: noMatchRun.requestsPerSecond,
            unit: "req/s",
          },
          {
            id: "botAck.duplicate.rps",
            label: "deliveries/s, bot (duplicates)",
            value: duplicateRun.requestsPerSecond,
            unit: "req/s",
          },
          {
            id: "botAck.noMatch.vsBare",
            label: "bot (no-match) vs bare, deliveries/s, median of rounds",
            value: round(median(vsBarePerRound(noMatchRun))),
            unit: "x",
          },
          {
            id: "botAck.duplicate.vsBare",
            label: "bot (duplicates) vs bare, deliveries/s, median of rounds",
            value: round(median(vsBarePerRound(duplicateRun))),
            unit: "x",
          },
          {
            id: "botAck.noMatch.vsBareTotals",
            label: "bot (no-match) vs bare, deliveries/s, all rounds together",
            value: vsBare(noMatchRun, "requestsPerSecond"),
            unit: "x",
          },
          {
            id: "botAck.bare.cpu",
            label: "server CPU per delivery, bare node:http",
            value: bareRun.cpuUsPerDelivery,
            unit: "µs",
          },
          {
            id: "botAck.noMatch.cpu",
            label: "server CPU per delivery, bot (no-match)",
            value: noMatchRun.cpuUsPerDelivery,
            unit: "µs",
          },
          {
            id: "botAck.noMatch.cpuVsBare",
            label: "bare CPU / bot CPU per delivery (no-match)",
            value: round(bareRun.cpuUsPerDelivery / noMatchRun.cpuUsPerDelivery),
            unit: "x",
          },
          { id: "botAck.bare.p99", label: "p99, bare node:http", value: bareRun.p99Ms, unit: "ms" },
          { id: "botAck.noMatch.p99", label: "p99, bot (no-match)", value: noMatchRun.p99Ms, unit: "ms" },
          {
            id: "botAck.duplicate.p99",
            label: "p99, bot (duplicates)",
            value: duplicateRun.p99Ms,
            unit: "ms",
          },
          {
            id: "botAck.noMatch.p99VsBare",
            label: "bot (no-match) vs bare, p99",
            value: vsBare(noMatchRun, "p99Ms"),
            unit: "x",
          },
          {
            id: "botAck.duplicate.p99VsBare",
            label: "bot (duplicates) vs bare, p99",
            value: vsBare(duplicateRun, "p99Ms"),
            unit: "x",
          },
        ];
        const seconds = settings.rounds * settings.secondsPerRound;
        return {
          figures,
          details: {
            settings,
            autocannon: autocannonVersion,
            deliveryBytes: noMatch.body.length,
            runs: [bareRun, noMatchRun, duplicateRun],
            // Round by round: how much the machine's other load moved the ratio.
            vsBarePerRound: { noMatch: vsBarePerRound(noMatchRun), duplicate: vsBarePerRound(duplicateRun) },
            botRepliesSent: api.stats().replies,
          },
          method: [
            `autocannon ${autocannonVersion}, ${settings.connections} connections, no pipelining; per target ${settings.warmupSeconds} s warm-up (discarded), then ${seconds} s measured as ${settings.rounds} rounds of ${settings.secondsPerRound} s taken in turn with the other targets`,
            "no goal: the bare peer skips the token check, lossless IDs and validation, so the ratio compares unlike work; it says what those cost per delivery",
            "deliveries/s = 2xx answers / seconds; the ratio is the median of the rounds' ratios (bot round n / bare round n); server CPU = user + system time of the server process over the measured rounds (pidusage) / deliveries answered; p50/p99 from every response's own time (sub-ms); every answer is checked (2xx and exact body)",
            `same chat delivery for both (buildChatDelivery: the docs' lead message with a 64-bit part ID, ${noMatch.body.length} bytes)`,
            "bot: its own process as `pnpm start` runs it (node apps/bot/dist/main.js, LOG_LEVEL info, stdout read and dropped); not spawnBot, which parses every log line in this process (autocannon's); bare: bench/bare-ack-server.ts, its own process",
            "duplicates: the matching message is answered once (its reply reaches a fake API), then the same delivery again and again: each acked as a duplicate, no reply sent",
          ],
        };
      } finally {
        for (const server of servers.reverse()) await server.stop();
        await api.stop();
      }
    },
  };
}
