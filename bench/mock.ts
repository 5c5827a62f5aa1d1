/**
 * What the mock costs a developer: how long Prism takes to start (startMock until it answers), and how long
 * the client's contract suite takes from the command line, Prism start included.
 */
import { fileURLToPath } from "node:url";
import { startMock } from "@dashly/mock";
import { runCommand } from "../scripts/child-process.ts";
import { round, type Section } from "./report.ts";
import { median } from "./stats.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
const contractCommand = ["--filter", "@dashly/client", "exec", "vitest", "run", "test/contract.test.ts"];

export function mockSection({ quick }: { quick: boolean }): Section {
  const starts = quick ? 3 : 5;
  const suiteRuns = quick ? 1 : 3;
  return {
    key: "mock",
    title: "Mock",
    async run() {
      const startMs: number[] = [];
      for (let index = 0; index < starts; index++) {
        const started = performance.now();
        const mock = await startMock();
        startMs.push(performance.now() - started);
        await mock.stop();
      }

      const suiteMs: number[] = [];
      const testLines: string[] = [];
      for (let index = 0; index < suiteRuns; index++) {
        const finished = await runCommand("pnpm", contractCommand, { cwd: root });
        if (finished.code !== 0)
          throw new Error(`pnpm ${contractCommand.join(" ")} failed (${finished.code}):\n${finished.output}`);
        suiteMs.push(finished.wallMs);
        testLines.push(finished.output.match(/Tests\s+(.+)/)?.[1]?.trim() ?? "");
      }

      return {
        figures: [
          {
            id: "mock.startMs",
            label: `Prism start (median of ${starts})`,
            value: round(median(startMs)),
            unit: "ms",
          },
          {
            id: "mock.contractSuiteS",
            label: `Client contract suite, wall (${suiteRuns === 1 ? "1 run" : `median of ${suiteRuns}`})`,
            value: round(median(suiteMs) / 1000),
            unit: "s",
          },
        ],
        details: {
          startMs: startMs.map((ms) => round(ms)),
          contractSuite: {
            command: `pnpm ${contractCommand.join(" ")}`,
            wallMs: suiteMs.map((ms) => round(ms)),
            tests: testLines,
          },
        },
        method: [
          `Prism start: startMock() (a free port, the bundled spec) until it answers, ${starts} starts one after another, each stopped before the next; median`,
          `contract suite: \`pnpm ${contractCommand.join(" ")}\` from the root, wall clock of the whole command (pnpm, vitest, its Prism start, the tests); ${suiteRuns === 1 ? "1 run" : `median of ${suiteRuns} runs`}`,
        ],
      };
    },
  };
}
