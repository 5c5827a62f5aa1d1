import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LaunchedChromium, launchChromium, skipReason } from "./support/chromium.ts";
import { screenshotPath } from "./support/output.ts";
import { recordRequests, watchPage } from "./support/page-watch.ts";
import { type Stack, startStack } from "./support/stack.ts";

if (skipReason) console.warn(skipReason);

const require = createRequire(import.meta.url);
type Operation = { operationId?: string; summary?: string };
const spec = JSON.parse(readFileSync(require.resolve("@dashly/openapi/openapi.json"), "utf8")) as {
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  webhooks: Record<string, Record<string, Operation>>;
};
const methods = ["get", "put", "post", "delete", "patch", "options", "head", "trace"];
const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  methods.flatMap((method) =>
    item[method] ? [{ method: method.toUpperCase(), path, ...item[method] }] : [],
  ),
);
const webhooks = Object.entries(spec.webhooks).flatMap(([name, item]) =>
  methods.flatMap((method) =>
    item[method] ? [{ name, method: method.toUpperCase(), ...item[method] }] : [],
  ),
);

// Scalar takes seconds to render the whole spec on a loaded machine (about 6 s here at a load average of 16 on 2 cores).
const waitMs = 30_000;

/** The links of the reference's sidebar, `#tag/...` anchors with their text. */
async function sidebarLinks(page: Page): Promise<{ href: string; text: string }[]> {
  const links = page.locator('aside a[href^="#tag/"]');
  return links.evaluateAll((anchors) =>
    anchors.map((anchor) => ({ href: anchor.getAttribute("href") ?? "", text: anchor.textContent ?? "" })),
  );
}

describe.skipIf(skipReason)("the API reference (/docs) in Chromium", { timeout: 60_000 }, () => {
  let stack: Stack;
  let chromium: LaunchedChromium;
  let requests: ReturnType<typeof recordRequests>;
  let page: Page;
  let seen: ReturnType<typeof watchPage>;

  beforeAll(async () => {
    stack = await startStack();
    chromium = await launchChromium();
    requests = recordRequests(chromium.context);
    page = await chromium.context.newPage();
    seen = watchPage(page);
    await page.goto(`${stack.url}/docs`);
    await page.locator('a[href^="#tag/"]').first().waitFor({ timeout: waitMs });
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await stack?.close();
  });

  it("lists every operation of the spec, under its method and path, with its summary", async () => {
    expect(operations.length).toBeGreaterThan(0);
    const links = await sidebarLinks(page);
    const missing = operations.filter(
      ({ method, path, summary }) =>
        !links.some((link) => link.href.endsWith(`/${method}${path}`) && link.text.includes(summary ?? "")),
    );
    expect(missing.map(({ operationId }) => operationId)).toEqual([]);
    await page.screenshot({ path: screenshotPath("docs") });
  });

  it("lists every webhook of the spec, and no other", async () => {
    expect(webhooks.length).toBeGreaterThan(0);
    const shown = (await sidebarLinks(page)).filter((link) => link.href.includes("/webhook/"));
    expect(shown).toHaveLength(webhooks.length);
    for (const webhook of webhooks) {
      expect(
        shown.some(
          (link) =>
            link.href.includes(`/webhook/${webhook.method}/`) && link.text.includes(webhook.summary ?? ""),
        ),
        webhook.name,
      ).toBe(true);
    }
  });

  it("sends its 'try it' requests to the sandbox's /v1, with the sandbox's token", async () => {
    const section = page.locator('[id$="/GET/apps/{id}/channels"]');
    await section.scrollIntoViewIfNeeded();
    await section
      .getByRole("button", { name: /test request/i })
      .first()
      .click();
    const [request] = await Promise.all([
      page.waitForRequest((request) => request.url().includes("/apps/"), { timeout: waitMs }),
      page.getByRole("button", { name: /send get request/i }).click(),
    ]);
    const url = new URL(request.url());
    expect(url.origin).toBe(stack.url);
    expect(decodeURIComponent(url.pathname)).toBe("/v1/apps/$self_app/channels");
    expect(url.searchParams.get("auth_token")).toBe(stack.sandbox.apiToken);
    // The sandbox found the request well formed, by the same spec the page shows.
    expect((await request.response())?.status()).toBe(200);
    await page.getByText("200 OK").first().waitFor({ timeout: waitMs });
    await page.screenshot({ path: screenshotPath("docs-try-it") });
    await page.keyboard.press("Escape");
  });

  it("made no request off the loopback, and its policy refused nothing", () => {
    expect(requests.urls.length).toBeGreaterThan(0);
    expect(requests.offLoopback()).toEqual([]);
    expect(seen.refused).toEqual([]);
    expect(seen.errors).toEqual([]);
  });

  it("@dashly/openapi's own static reference.html renders offline too, aimed at the real API", async () => {
    const file = await chromium.context.newPage();
    const watched = watchPage(file);
    const before = requests.urls.length;
    await file.goto(pathToFileURL(require.resolve("@dashly/openapi/reference.html")).href);
    await file.locator('a[href^="#tag/"]').first().waitFor({ timeout: waitMs });
    expect((await sidebarLinks(file)).length).toBeGreaterThanOrEqual(operations.length + webhooks.length);
    await file
      .getByText(spec.servers[0]?.url ?? "no server in the spec")
      .first()
      .waitFor({ timeout: waitMs });
    expect(requests.urls.slice(before).every((url) => url.startsWith("file:"))).toBe(true);
    expect(watched.errors).toEqual([]);
    await file.close();
  });
});
