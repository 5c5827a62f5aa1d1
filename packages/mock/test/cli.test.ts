import { type ChildProcess, execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const node = (args: string[], env: Record<string, string> = {}) =>
  spawn(process.execPath, ["--import", "tsx", cli, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("\n")) resolve(output.split("\n")[0] ?? "");
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

const exitCode = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once("exit", resolve));

describe("dashly-mock", () => {
  it("serves on $PORT (0: a port the system picks), prints the URL, and stops on SIGTERM", async () => {
    const child = node([], { PORT: "0" });
    try {
      const line = await firstLine(child);
      expect(line).toMatch(/^Dashly API mock listening on http:\/\/127\.0\.0\.1:\d+$/);
      const url = line.replace("Dashly API mock listening on ", "");
      const response = await fetch(`${url}/conversations/5/parts/?auth_token=t`);
      expect(response.status).toBe(200);
      const exited = exitCode(child);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      await expect(fetch(`${url}/`)).rejects.toThrow();
    } finally {
      child.kill("SIGKILL"); // a no-op once it has exited; never leaves a mock behind when a check fails
    }
  });

  it("explains what is missing when proxy has no upstream", async () => {
    const run = promisify(execFile);
    const error = await run(process.execPath, ["--import", "tsx", cli, "proxy"]).catch((caught) => caught);
    expect(error.code).toBe(2);
    expect(error.stderr).toContain("proxy needs --upstream URL");
    expect(error.stderr).toContain("Usage:");
  });
});
