import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseWebhook } from "@dashly/webhooks";
import { afterEach, describe, expect, it } from "vitest";
import { startReceiver } from "./support/receiver.ts";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const children: ChildProcess[] = [];
const folders: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function run(args: string[]) {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  const output = { stdout: "", stderr: "" };
  child.stdout?.on("data", (chunk: Buffer) => {
    output.stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output.stderr += chunk.toString();
  });
  const exited = once(child, "exit").then(([code]) => code as number);
  return { child, output, exited };
}

async function started(args: string[]) {
  const running = run(["start", "--port", "0", ...args]);
  while (!/API base\s+(\S+)/.test(running.output.stdout)) {
    if (running.child.exitCode !== null) throw new Error(`start exited: ${running.output.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const apiUrl = /API base\s+(\S+)/.exec(running.output.stdout)?.[1] as string;
  return { ...running, apiUrl, origin: apiUrl.replace(/\/v1$/, "") };
}

describe("dashly-sandbox CLI", () => {
  it("start prints the URLs and logs each request with its status and violations, never the token", async () => {
    const sandbox = await started(["--api-token", "cli-secret-token", "--rate-limit", "off"]);
    expect(sandbox.output.stdout).toMatch(/chat\s+http:\/\/127\.0\.0\.1:\d+\/chat\//);
    expect(sandbox.output.stdout).toMatch(/docs\s+http:\/\/127\.0\.0\.1:\d+\/docs\//);
    expect(
      (await fetch(`${sandbox.apiUrl}/apps/$self_app/channels?auth_token=cli-secret-token`)).status,
    ).toBe(200);
    expect((await fetch(`${sandbox.apiUrl}/conversations/x?auth_token=cli-secret-token`)).status).toBe(400);
    sandbox.child.kill("SIGTERM");
    expect(await sandbox.exited).toBe(0);
    expect(sandbox.output.stdout).toContain("GET /v1/apps/$self_app/channels 200");
    expect(sandbox.output.stderr).toMatch(
      /GET \/v1\/conversations\/x 400 {2}violations=id: \/id must match pattern/,
    );
    expect(sandbox.output.stdout + sandbox.output.stderr).not.toContain("cli-secret-token");
  });

  it("start --persist keeps the state across restarts", async () => {
    const folder = mkdtempSync(join(tmpdir(), "sandbox-cli-"));
    folders.push(folder);
    const file = join(folder, "state.json");
    const first = await started(["--persist", file]);
    const chat = (await (
      await fetch(`${first.origin}/_sandbox/chats`, { method: "POST", body: "{}" })
    ).json()) as { conversationId: string };
    await fetch(`${first.origin}/_sandbox/conversations/${chat.conversationId}/lead-says`, {
      method: "POST",
      body: JSON.stringify({ body: "remember me" }),
    });
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    const second = await started(["--persist", file]);
    const view = (await (
      await fetch(`${second.origin}/_sandbox/conversations/${chat.conversationId}`)
    ).json()) as { parts: Array<{ body: string }> };
    expect(view.parts.map((part) => part.body)).toEqual(["remember me"]);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });

  it("trigger sends a documented delivery from the sandbox's state, with overrides applied to that state", async () => {
    const receiver = await startReceiver();
    try {
      const triggered = run([
        "trigger",
        "lead-message",
        "--to",
        receiver.url,
        "--webhook-token",
        "bot-token",
        "--body",
        "Where is my order?",
        "--override",
        "random_id=7",
        "--override",
        "conversation_tags=vip,en",
        "--override",
        "assignee=bot",
      ]);
      expect(await triggered.exited).toBe(0);
      expect(triggered.output.stdout).toContain("delivered (200)");
      expect(receiver.received).toHaveLength(1);
      const delivery = parseWebhook(receiver.received[0]?.body ?? "", { token: "bot-token" });
      expect(delivery.type === "conversation" && delivery.part).toMatchObject({
        type: "reply_user",
        direction: "u2a",
        body: "Where is my order?",
        random_id: 7,
        conversation_tags: ["vip", "en"],
        assignee: { type: "bot" },
      });
    } finally {
      await receiver.close();
    }
  });

  it("refuses what it does not know with a usage error (exit 2)", async () => {
    const unknownOverride = run([
      "trigger",
      "lead-message",
      "--to",
      "http://127.0.0.1:9/",
      "--override",
      "colour=red",
    ]);
    expect(await unknownOverride.exited).toBe(1);
    expect(unknownOverride.output.stderr).toContain("--override colour: not a key trigger knows");
    const noTarget = run(["trigger", "lead-message"]);
    expect(await noTarget.exited).toBe(2);
    expect(noTarget.output.stderr).toContain("trigger needs --to URL");
  });
});
