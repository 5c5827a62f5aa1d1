/**
 * Deliveries parsed per second: parseWebhook (token check, lossless JSON, schema validation) against the bare
 * minimum a hand-written handler does (URLSearchParams + JSON.parse, which rounds big IDs), on the docs' chat
 * delivery as printed and with a 64-bit part ID; and a JSON field parsed by parseJsonField (JSON.parse when
 * it gives the same answer) against lossless-json alone. Rounds interleaved, median of each.
 * `BENCH_JSON=1` prints the figures as one JSON line instead (`pnpm bench` reads it).
 */
import { parseWebhook } from "../src/index.ts";
import { parseExactly, parseJsonField } from "../src/lossless-json.ts";
import {
  DOCS_CHAT_CONVERSATION_64BIT_ID as conversation64,
  DOCS_CHAT_BODY,
  DOCS_TOKEN,
  form,
} from "../test/support/fixtures.ts";

const env = process.env;
const PARSES = Number(env.BENCH_PARSES ?? 50_000);
const ROUNDS = Number(env.BENCH_ROUNDS ?? 5);

const body64 = form({ conversation: conversation64, type: "conversation", token: DOCS_TOKEN });
if (body64 === DOCS_CHAT_BODY) throw new Error("the 64-bit part ID was not put in");

const options = { token: DOCS_TOKEN, contentType: "application/x-www-form-urlencoded" };
const bare = (body: string) => JSON.parse(new URLSearchParams(body).get("conversation") ?? "");

const variants = {
  "bare, docs delivery": () => bare(DOCS_CHAT_BODY),
  "parseWebhook, docs delivery": () => parseWebhook(DOCS_CHAT_BODY, options),
  "bare, 64-bit part ID": () => bare(body64),
  "parseWebhook, 64-bit part ID": () => parseWebhook(body64, options),
  "parseJsonField, 64-bit part ID": () => parseJsonField(conversation64),
  "lossless-json alone, 64-bit part ID": () => parseExactly(conversation64),
} satisfies Record<string, () => unknown>;
type Variant = keyof typeof variants;

function perSecond(parse: () => unknown): number {
  let sink = 0;
  const started = process.hrtime.bigint();
  for (let index = 0; index < PARSES; index++) if (parse()) sink++;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (sink !== PARSES) throw new Error("a parse returned nothing");
  return PARSES / seconds;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

// Warm every path up so that the JIT has compiled them before anything is timed.
for (let index = 0; index < 5_000; index++) for (const parse of Object.values(variants)) parse();

const samples = new Map<Variant, number[]>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, parse] of Object.entries(variants) as [Variant, () => unknown][]) {
    samples.set(name, [...(samples.get(name) ?? []), perSecond(parse)]);
  }
}
const rate = (name: Variant) => median(samples.get(name) ?? []);
const slower = (name: Variant, baseline: Variant) => Math.round((rate(baseline) / rate(name)) * 100) / 100;

const results = {
  node: process.version,
  parses: PARSES,
  rounds: ROUNDS,
  perSecond: Object.fromEntries(
    Object.keys(variants).map((name) => [name, Math.round(rate(name as Variant))]),
  ),
  timesBare: {
    docs: slower("parseWebhook, docs delivery", "bare, docs delivery"),
    id64: slower("parseWebhook, 64-bit part ID", "bare, 64-bit part ID"),
  },
  jsonFieldVsLossless: slower("parseJsonField, 64-bit part ID", "lossless-json alone, 64-bit part ID"),
};

if (env.BENCH_JSON === "1") {
  console.log(JSON.stringify(results));
} else {
  console.log(
    `node ${process.version}, ${PARSES.toLocaleString("en-US")} parses per run, median of ${ROUNDS}`,
  );
  for (const name of Object.keys(variants) as Variant[]) {
    const each = (1e6 / rate(name)).toFixed(1);
    console.log(
      `${name.padEnd(38)} ${Math.round(rate(name)).toLocaleString("en-US").padStart(9)}/s  (${each} µs each)`,
    );
  }
  console.log(
    `parseWebhook vs bare: ${results.timesBare.docs}x the time (docs), ${results.timesBare.id64}x (64-bit ID)`,
  );
  console.log(`parseJsonField vs lossless-json alone: ${results.jsonFieldVsLossless}x the time`);
}
