/**
 * Deliveries parsed per second for the docs' example chat delivery: parseWebhook (token check, lossless
 * JSON, schema validation) against the bare minimum a hand-written handler does (URLSearchParams +
 * JSON.parse, which rounds big IDs). Median of three runs each, interleaved.
 */
import { parseWebhook } from "../src/index.ts";
import { DOCS_CHAT_BODY, DOCS_TOKEN } from "../test/support/fixtures.ts";

const PARSES = 50_000;
const RUNS = 3;

function bare(body: string): unknown {
  return JSON.parse(new URLSearchParams(body).get("conversation") ?? "");
}

function full(body: string): unknown {
  return parseWebhook(body, { token: DOCS_TOKEN, contentType: "application/x-www-form-urlencoded" });
}

function perSecond(parse: (body: string) => unknown): number {
  let sink = 0;
  const started = process.hrtime.bigint();
  for (let index = 0; index < PARSES; index++) if (parse(DOCS_CHAT_BODY)) sink++;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (sink !== PARSES) throw new Error("a parse returned nothing");
  return PARSES / seconds;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

// Warm both paths up so that the JIT has compiled them before anything is timed.
for (let index = 0; index < 5_000; index++) {
  bare(DOCS_CHAT_BODY);
  full(DOCS_CHAT_BODY);
}

const bareRuns: number[] = [];
const fullRuns: number[] = [];
for (let run = 0; run < RUNS; run++) {
  bareRuns.push(perSecond(bare));
  fullRuns.push(perSecond(full));
}

const bareRate = median(bareRuns);
const fullRate = median(fullRuns);
const format = (rate: number) => `${Math.round(rate).toLocaleString("en-US")} deliveries/s`;
console.log(`node ${process.version}, ${PARSES.toLocaleString("en-US")} parses per run, median of ${RUNS}`);
console.log(
  `parseWebhook                        ${format(fullRate)}  (${(1e6 / fullRate).toFixed(1)} µs each)`,
);
console.log(
  `URLSearchParams + JSON.parse only   ${format(bareRate)}  (${(1e6 / bareRate).toFixed(1)} µs each)`,
);
console.log(`ratio: parseWebhook is ${(bareRate / fullRate).toFixed(1)}x slower than the bare baseline`);
