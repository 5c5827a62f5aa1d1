import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCommand } from "../../../scripts/child-process.ts";

const botFolder = fileURLToPath(new URL("..", import.meta.url));

describe("pnpm demo (the README's main job)", () => {
  it("runs the conversation on the sandbox and passes", async () => {
    const run = await runCommand(process.execPath, ["--import", "tsx", "scripts/demo.ts"], {
      cwd: botFolder,
    });
    expect(run.output).toContain("demo passed");
    expect(run.output).toMatch(/200 queued +lead: Hello, how are you/);
    expect(run.output).toMatch(/200 duplicate +the first delivery again/);
    expect(run.output).toMatch(/401 wrong_token +the same delivery with a wrong token/);
    expect(run.output).toMatch(/\d{19} {2}reply_admin {2}Hey, great!/);
    expect(run.code).toBe(0);
  });
});
