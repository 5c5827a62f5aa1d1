import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MockStartError, type RunningMock, startMock } from "../src/index.ts";

const isServing = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(1_000) }).then(
    () => true,
    () => false,
  );

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

describe("startMock", () => {
  let first: RunningMock;
  let second: RunningMock;
  beforeAll(async () => {
    [first, second] = await Promise.all([startMock(), startMock()]);
  });
  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
  });

  it("picks a free port for each mock and resolves once Prism answers", async () => {
    expect(first.url).not.toBe(second.url);
    const response = await fetch(`${first.url}/apps/%24self_app/channels?auth_token=t`);
    expect(response.status).toBe(200);
  });

  it("serves on the port it is given, and stop() frees it", async () => {
    const probe = createServer();
    const port = await new Promise<number>((resolve) =>
      probe.listen(0, "127.0.0.1", () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
      }),
    );
    const mock = await startMock({ port });
    try {
      expect(mock.url).toBe(`http://127.0.0.1:${port}`);
      expect(await isServing(mock.url)).toBe(true);
      await mock.stop();
      expect(await isServing(mock.url)).toBe(false);
    } finally {
      await mock.stop(); // a second stop is harmless, and a failed check leaves no mock behind
    }
  });

  it("rejects with Prism's own output when Prism cannot start", async () => {
    const missing = fileURLToPath(new URL("./fixtures/no-such-spec.yaml", import.meta.url));
    const error = await startMock({ spec: missing }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MockStartError);
    expect((error as MockStartError).message).toMatch(/Prism exited/);
    expect((error as MockStartError).output).toMatch(/no-such-spec\.yaml|ENOENT/);
  });

  it("rejects when the port is taken, naming the reason", async () => {
    const port = Number(new URL(first.url).port);
    const error = await startMock({ port }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MockStartError);
    expect((error as MockStartError).message).toMatch(/Cannot serve on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
  });

  it("serves dynamic, repeatable answers with a seed", async () => {
    const [a, b] = await Promise.all([
      startMock({ dynamic: true, seed: 7 }),
      startMock({ dynamic: true, seed: 7 }),
    ]);
    try {
      const read = async (mock: RunningMock) =>
        (await fetch(`${mock.url}/users/85648207?auth_token=t`)).json() as Promise<{ data: { id: unknown } }>;
      const [fromA, fromB] = await Promise.all([read(a), read(b)]);
      expect(fromA).toEqual(fromB);
      expect(fromA.data.id).not.toBe("1448121617782670208"); // generated, not the spec's example
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it("generates every GET answer of the spec in dynamic mode, lists capped at five items", async () => {
    const mock = await startMock({ dynamic: true, seed: 3 });
    try {
      const paths = ["/apps/3/activeusers", "/apps/3/users", "/apps/3/conversations", "/apps/3/channels"];
      paths.push(
        "/conversations/9",
        "/conversations/9/parts",
        "/users/9",
        "/users/9/events",
        "/users/9/conversations",
      );
      for (const path of paths) {
        const response = await fetch(`${mock.url}${path}?auth_token=t`);
        expect(response.status, path).toBe(200);
        const { data } = (await response.json()) as { data: unknown };
        const list = Array.isArray(data) ? data : (data as { users?: unknown[] }).users;
        if (list) expect(list.length, path).toBeLessThanOrEqual(5);
      }
    } finally {
      await mock.stop();
    }
  });

  it("leaves no Prism behind when the process that started it is killed", async () => {
    const script = fileURLToPath(new URL("./fixtures/start-and-hang.ts", import.meta.url));
    const parent = spawn(process.execPath, ["--import", "tsx", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const url = await new Promise<string>((resolve, reject) => {
      parent.stdout.on("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
      parent.once("exit", (code) => reject(new Error(`fixture exited with ${code}`)));
    });
    expect(await isServing(url)).toBe(true);
    parent.kill("SIGKILL");
    expect(await eventually(async () => !(await isServing(url)))).toBe(true);
  });
});
