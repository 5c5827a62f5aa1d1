import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));

/** The first fenced block of `language` after `heading` in the README. */
function blockAfter(readme: string, heading: string, language: string): string {
  const rest = readme.slice(readme.indexOf(heading));
  const match = new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``).exec(rest);
  if (!match?.[1]) throw new Error(`no ${language} block after ${heading}`);
  return match[1];
}

it("the README's receiver runs and prints what the README says", async () => {
  const readme = await readFile(join(packageRoot, "README.md"), "utf8");
  const example = blockAfter(readme, "## A webhook receiver", "ts")
    .replaceAll('"@dashly/webhooks/testing"', JSON.stringify(join(packageRoot, "src/testing.ts")))
    .replaceAll('"@dashly/webhooks"', JSON.stringify(join(packageRoot, "src/index.ts")));
  const printed = blockAfter(readme, "It prints:", "");
  const folder = await mkdtemp(join(tmpdir(), "dashly-webhooks-readme-"));
  try {
    const script = join(folder, "receiver.ts");
    await writeFile(script, example);
    // The example uses top-level await, as in an ESM project.
    await writeFile(join(folder, "package.json"), JSON.stringify({ type: "module" }));
    // A child process, as a reader would run it; tsx compiles the TypeScript.
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", script], {
      cwd: packageRoot,
      env: withoutWebhookToken(process.env),
      timeout: 20_000,
    });
    expect(stdout).toBe(printed);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}, 30_000);

/** The environment, less a token the developer may have set, so that the example uses its own. */
function withoutWebhookToken(environment: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DASHLY_WEBHOOK_TOKEN: _ignored, ...rest } = environment;
  return rest;
}
