/**
 * @dashly/webhooks' own parse benchmark, run through its package script (`pnpm --filter @dashly/webhooks
 * bench`) in a child process: it prints its figures as one JSON line, which this section reads. Not imported
 * from here because its JSON-field figure times a module the package does not export.
 */
import { fileURLToPath } from "node:url";
import { outputOf } from "../scripts/child-process.ts";
import type { Section } from "./report.ts";

const root = fileURLToPath(new URL("../", import.meta.url));

interface ParseResults {
  parses: number;
  rounds: number;
  perSecond: Record<string, number>;
  timesBare: { docs: number; id64: number };
  jsonFieldVsLossless: number;
}

export function webhookParseSection({ quick }: { quick: boolean }): Section {
  const env = quick
    ? { BENCH_PARSES: "20000", BENCH_ROUNDS: "3" }
    : { BENCH_PARSES: "50000", BENCH_ROUNDS: "5" };
  return {
    key: "webhookParse",
    title: "Webhook parse",
    async run() {
      const output = await outputOf("pnpm", ["--filter", "@dashly/webhooks", "--silent", "bench"], {
        cwd: root,
        env: { ...env, BENCH_JSON: "1" },
      });
      const results = JSON.parse(output.trim().split("\n").at(-1) ?? "") as ParseResults;
      const rate = (variant: string) => {
        const value = results.perSecond[variant];
        if (value === undefined) throw new Error(`parse-throughput.ts gave no figure for "${variant}"`);
        return value;
      };
      return {
        figures: [
          {
            id: "webhookParse.docs.perSecond",
            label: "parseWebhook, docs' chat delivery",
            value: rate("parseWebhook, docs delivery"),
            unit: "req/s",
          },
          {
            id: "webhookParse.id64.perSecond",
            label: "parseWebhook, 64-bit part ID",
            value: rate("parseWebhook, 64-bit part ID"),
            unit: "req/s",
          },
          {
            id: "webhookParse.id64.bare",
            label: "URLSearchParams + JSON.parse, 64-bit part ID",
            value: rate("bare, 64-bit part ID"),
            unit: "req/s",
          },
          {
            id: "webhookParse.id64.timesBare",
            label: "parseWebhook time vs bare (64-bit part ID)",
            value: results.timesBare.id64,
            unit: "x",
          },
          {
            id: "webhookParse.jsonField.vsLossless",
            label: "JSON field time vs lossless-json alone",
            value: results.jsonFieldVsLossless,
            unit: "x",
          },
        ],
        details: { ...results },
        method: [
          `pnpm --filter @dashly/webhooks bench (its bench/parse-throughput.ts) in its own process: ${results.parses.toLocaleString("en-US")} parses per variant per round, ${results.rounds} rounds interleaved, median`,
          "bare = URLSearchParams + JSON.parse of the conversation field (rounds 64-bit IDs); parseWebhook also checks the token and the content type, keeps every digit and validates against the spec",
        ],
      };
    },
  };
}
