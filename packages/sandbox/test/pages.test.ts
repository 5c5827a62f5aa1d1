import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { call, testSandbox } from "./support/sandbox.ts";

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe("pages", () => {
  it("serves /chat and /docs from the built UI folder", async () => {
    const folder = mkdtempSync(join(tmpdir(), "sandbox-ui-"));
    folders.push(folder);
    mkdirSync(join(folder, "chat"));
    writeFileSync(join(folder, "chat", "index.html"), "<!doctype html><title>chat</title>");
    writeFileSync(join(folder, "chat", "chat.js"), "console.log(1)");
    writeFileSync(join(folder, "secret.txt"), "outside");
    const sandbox = await testSandbox({ pagesDir: folder });
    expect((await call(sandbox, "/chat", { redirect: "manual" })).headers.get("location")).toBe("/chat/");
    const page = await call(sandbox, "/chat/");
    expect([page.status, page.headers.get("content-type"), page.text]).toEqual([
      200,
      "text/html; charset=utf-8",
      "<!doctype html><title>chat</title>",
    ]);
    expect((await call(sandbox, "/chat/chat.js")).headers.get("content-type")).toBe(
      "text/javascript; charset=utf-8",
    );
    expect((await call(sandbox, "/chat/..%2fsecret.txt")).status).toBe(404);
  });

  it("a page not built yet is a 404 in Dashly's envelope", async () => {
    const sandbox = await testSandbox({ pagesDir: join(tmpdir(), "no-such-sandbox-ui") });
    const docs = await call(sandbox, "/docs/");
    expect(docs.status).toBe(404);
    expect(docs.json.meta).toMatchObject({ status: 404, error: "Error404" });
  });
});
