/**
 * `pnpm bench`: the kit's figures side by side in one run (issue 7). Prints a table and writes
 * bench/results/latest.json (per machine, not committed). `BENCH_QUICK=1` for a shorter run.
 * Needs `pnpm build` first (the bot runs from apps/bot/dist).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg, platform, release } from "node:os";
import { fileURLToPath } from "node:url";
import { botAckSection } from "./bot-ack.ts";
import { clientOverheadSection, clientSizeSection } from "./client.ts";
import { mockSection } from "./mock.ts";
import { rateLimitSection } from "./rate-limit.ts";
import { redisSection } from "./redis.ts";
import {
  type Figure,
  formatTable,
  formatValue,
  meetsGoal,
  type Section,
  type SectionResult,
} from "./report.ts";
import { sandboxSection } from "./sandbox.ts";
import { webhookParseSection } from "./webhook-parse.ts";

// biome-ignore lint/suspicious/noUndeclaredEnvVars: `pnpm bench` runs this with tsx, not through turbo
const quick = process.env.BENCH_QUICK === "1";
const allSections: Section[] = [
  clientOverheadSection({ quick }),
  rateLimitSection({ quick }),
  redisSection({ quick }),
  webhookParseSection({ quick }),
  botAckSection({ quick }),
  mockSection({ quick }),
  sandboxSection({ quick }),
  clientSizeSection(),
];
// biome-ignore lint/suspicious/noUndeclaredEnvVars: `pnpm bench` runs this with tsx, not through turbo
const chosen = process.env.BENCH_SECTIONS?.split(",").map((key) => key.trim());
const sections = chosen ? allSections.filter((section) => chosen.includes(section.key)) : allSections;
if (sections.length === 0) {
  throw new Error(
    `BENCH_SECTIONS names no section; the keys are ${allSections.map((one) => one.key).join(", ")}`,
  );
}

// Where the figures were taken: they mean little without it.
const host = {
  cpu: cpus()[0]?.model.trim() ?? "unknown",
  cores: cpus().length,
  node: process.version,
  os: `${platform()} ${release()}`,
  loadAverage1m: Number(loadavg()[0]?.toFixed(2)),
};
const started = performance.now();
console.log(`${host.cpu}, ${host.cores} cores, Node ${host.node}, ${host.os}, load ${host.loadAverage1m}`);
console.log(
  quick ? "BENCH_QUICK=1: shorter runs, noisier figures\n" : "full run (BENCH_QUICK=1 for a shorter one)\n",
);

const outcomes: Array<{ section: Section; result?: SectionResult; error?: string }> = [];
for (const section of sections) {
  process.stdout.write(`${section.title} ... `);
  const sectionStart = performance.now();
  try {
    const result = await section.run();
    outcomes.push({ section, result });
    console.log(`${((performance.now() - sectionStart) / 1000).toFixed(1)} s`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    outcomes.push({ section, error: message });
    console.log(`FAILED\n${message}\n`);
  }
}

const verdict = (figure: Figure) => {
  const meets = meetsGoal(figure);
  return meets === null ? "" : meets ? "yes" : "NO";
};
const rows = outcomes.flatMap(({ section, result, error }) =>
  result
    ? result.figures.map((figure, index) => [
        index === 0 ? section.title : "",
        figure.label,
        formatValue(figure.value, figure.unit),
        figure.goal?.text ?? "",
        verdict(figure),
      ])
    : [[section.title, `failed: ${error?.split("\n")[0] ?? ""}`, "", "", "NO"]],
);
console.log(
  `\n${formatTable([["", "figure", "value", "goal", "met"], ...rows], [false, false, true, true, false])}\n`,
);

for (const { section, result } of outcomes) {
  if (!result) continue;
  console.log(`${section.title}:`);
  for (const line of result.method) console.log(`  - ${line}`);
}

const figures = outcomes.flatMap(({ section, result }) =>
  (result?.figures ?? []).map((figure) => ({
    section: section.key,
    ...figure,
    goal: figure.goal ?? null,
    meets: meetsGoal(figure),
  })),
);
const report = {
  benchmark: "dashly-kit (pnpm bench, issue 7)",
  date: new Date().toISOString(),
  quick,
  durationSeconds: Math.round((performance.now() - started) / 1000),
  machine: host,
  goals: {
    met: figures.filter((figure) => figure.meets === true).map((figure) => figure.id),
    missed: figures.filter((figure) => figure.meets === false).map((figure) => figure.id),
  },
  figures,
  sections: Object.fromEntries(
    outcomes.map(({ section, result, error }) => [
      section.key,
      result
        ? { title: section.title, method: result.method, details: result.details }
        : { title: section.title, error },
    ]),
  ),
};
const folder = new URL("./results/", import.meta.url);
await mkdir(folder, { recursive: true });
const file = new URL("latest.json", folder);
await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);

const missed = figures.filter((figure) => figure.meets === false);
console.log(
  `\ngoals: ${report.goals.met.length} met, ${missed.length} missed${missed.length ? ` (${missed.map((figure) => figure.label).join("; ")})` : ""}`,
);
console.log(`written to ${fileURLToPath(file)} in ${report.durationSeconds} s`);
if (outcomes.some((outcome) => outcome.error)) process.exitCode = 1;
