import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createDashlyClient } from "@dashly/client";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LaunchedChromium, launchChromium, skipReason } from "./support/chromium.ts";
import { echoOf } from "./support/echo-bot.ts";
import { screenshotPath } from "./support/output.ts";
import { recordRequests, watchPage } from "./support/page-watch.ts";
import { type Stack, startStack } from "./support/stack.ts";

if (skipReason) console.warn(skipReason);

const waitMs = 15_000;

describe.skipIf(skipReason)("the chat page (/chat) in Chromium", { timeout: 60_000 }, () => {
  let stack: Stack;
  let chromium: LaunchedChromium;
  let requests: ReturnType<typeof recordRequests>;
  let page: Page;
  let seen: ReturnType<typeof watchPage>;
  /** The sandbox's operator, as the last reset reports it. */
  let operatorId: string;

  beforeAll(async () => {
    stack = await startStack();
    chromium = await launchChromium();
    requests = recordRequests(chromium.context);
    page = await chromium.context.newPage();
    seen = watchPage(page);
    await openChat(page);
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await stack?.close();
  });

  async function openChat(target: Page) {
    await target.goto(`${stack.url}/chat`);
    await target.locator("#connection", { hasText: "Live" }).waitFor({ timeout: waitMs });
  }

  /** Types as the lead, then waits for the message and the bot's echo of it. */
  async function leadSays(text: string) {
    await page.getByRole("textbox", { name: "Your message" }).fill(text);
    await page.getByRole("textbox", { name: "Your message" }).press("Enter");
    await page.locator(".message.lead .body").getByText(text, { exact: true }).waitFor({ timeout: waitMs });
    await page
      .locator(".message.operator .body")
      .getByText(echoOf(text), { exact: true })
      .waitFor({ timeout: waitMs });
  }

  const bodies = (target: Page) => target.locator(".message .body").allTextContents();
  /** The chat the page keeps in localStorage (read as an expression: the tests' types have no DOM). */
  const chatInStorage = async (target: Page) =>
    JSON.parse(
      (await target.evaluate<string | null>(`localStorage.getItem("dashly-sandbox-chat")`)) ?? "null",
    ) as { conversationId: string; userId: string } | null;

  it("starts a chat, and the bot's reply to what the lead types arrives live", async () => {
    const chat = await chatInStorage(page);
    expect(chat?.conversationId).toMatch(/^\d+$/);
    await expect.poll(() => page.locator("#conversation-id").textContent()).toBe(chat?.conversationId);
    expect(await page.locator("#user-id").textContent()).toContain(chat?.userId);

    await leadSays("Hello, do you ship to Lisbon?");
    expect(await bodies(page)).toEqual([
      "Hello, do you ship to Lisbon?",
      echoOf("Hello, do you ship to Lisbon?"),
    ]);
    expect(await page.locator(".message.operator .author").first().textContent()).not.toBe("You");
    expect(stack.bot.errors).toEqual([]);

    // The operator pane lists the two deliveries: the lead's message to the bot, the bot's reply back out.
    const rows = page.locator("#deliveries tr");
    await expect.poll(() => rows.count(), { timeout: waitMs }).toBe(2);
    for (const row of await rows.all()) {
      await row.locator("td", { hasText: /^delivered/ }).waitFor({ timeout: waitMs });
      expect(await row.locator("td").nth(2).textContent()).toBe("1"); // attempts
    }
    expect(await page.locator("#closed").textContent()).toBe("no");
    await page.screenshot({ path: screenshotPath("chat-reply"), fullPage: true });
  });

  it("shows an operator's message sent through the control API as it happens", async () => {
    const chat = await chatInStorage(page);
    const response = await fetch(
      `${stack.url}/_sandbox/conversations/${chat?.conversationId}/operator-says`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ body: "An operator here: yes, we do." }),
      },
    );
    expect(response.status).toBe(200);
    await page
      .locator(".message.operator .body")
      .getByText("An operator here: yes, we do.")
      .waitFor({ timeout: waitMs });
  });

  it("shows markup typed as a message as text, and runs none of it", async () => {
    const typed = ["<script>alert(1)</script>", `<img src="x" onerror="alert(2)">`];
    for (const text of typed) await leadSays(text);

    const shown = await bodies(page);
    for (const text of typed) expect(shown).toEqual(expect.arrayContaining([text, echoOf(text)]));
    expect(await page.locator("#messages script, #messages img").count()).toBe(0);
    expect(seen.dialogs).toEqual([]);
    expect(seen.errors).toEqual([]);
    await page.screenshot({ path: screenshotPath("chat-markup-as-text"), fullPage: true });
  });

  it("keeps the history across a reload, and in a new tab", async () => {
    const before = await bodies(page);
    const chat = await chatInStorage(page);
    expect(before.length).toBeGreaterThanOrEqual(7);

    await page.reload();
    await page.locator("#connection", { hasText: "Live" }).waitFor({ timeout: waitMs });
    await expect.poll(() => bodies(page), { timeout: waitMs }).toEqual(before);
    expect(await chatInStorage(page)).toEqual(chat);
    expect(await page.locator("#conversation-id").textContent()).toBe(chat?.conversationId);
    expect(await page.locator("#deliveries tr").count()).toBeGreaterThan(0);

    const tab = await chromium.context.newPage();
    await openChat(tab);
    await expect.poll(() => bodies(tab), { timeout: waitMs }).toEqual(before);
    await tab.screenshot({ path: screenshotPath("chat-after-reload"), fullPage: true });
    await tab.close();
  });

  it("starts a new chat when the sandbox is reset", async () => {
    const reset = await fetch(`${stack.url}/_sandbox/reset`, { method: "POST" });
    expect(reset.status).toBe(200);
    operatorId = ((await reset.json()) as { operatorId: string }).operatorId;
    await page.locator("#connection", { hasText: "reset" }).waitFor({ timeout: waitMs });
    await expect.poll(() => bodies(page), { timeout: waitMs }).toEqual([]);
    const chat = await chatInStorage(page);
    expect(await page.locator("#conversation-id").textContent()).toBe(chat?.conversationId);
    await leadSays("Still there?");
    expect(await bodies(page)).toEqual(["Still there?", echoOf("Still there?")]);
  });

  it("shows the tags, the assignee and the closing an operator sets through the API, as they happen", async () => {
    const chat = await chatInStorage(page);
    const dashly = createDashlyClient({
      baseUrl: stack.sandbox.apiUrl,
      token: stack.sandbox.apiToken,
      rateLimit: false,
    });
    const path = { id: chat?.conversationId ?? "" };
    await dashly.POST("/conversations/{id}/tag", { params: { path }, body: { tag: "vip" } });
    await page.locator("#tags li", { hasText: "vip" }).waitFor({ timeout: waitMs });
    await dashly.POST("/conversations/{id}/assign", {
      params: { path },
      body: { admin: operatorId, from_admin: "default_admin" },
    });
    await page.locator("#assignee", { hasText: operatorId }).waitFor({ timeout: waitMs });
    await dashly.POST("/conversations/{id}/close", { params: { path }, body: { from_admin: operatorId } });
    await page.locator("#closed", { hasText: "yes" }).waitFor({ timeout: waitMs });
    // Each change is a part of the conversation too, shown as a line of its own.
    expect(await page.locator("#messages .event").allTextContents()).toEqual([
      expect.stringContaining("Tag added: vip"),
      expect.stringContaining("Assigned to"),
      expect.stringContaining("Closed"),
    ]);
    await page.screenshot({ path: screenshotPath("chat-operator-pane"), fullPage: true });
  });

  it("shows a delivery the receiver refused as failed, with its attempts and error", async () => {
    const refusing = createServer((_request, response) => response.writeHead(503).end());
    await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
    stack.sandbox.setWebhookUrl(`http://127.0.0.1:${(refusing.address() as AddressInfo).port}/`);
    try {
      await page.getByRole("textbox", { name: "Your message" }).fill("Is anyone there?");
      await page.getByRole("textbox", { name: "Your message" }).press("Enter");
      const row = page.locator("#deliveries tr.failed");
      await row.waitFor({ timeout: waitMs });
      const log = (await (await fetch(`${stack.url}/_sandbox/deliveries`)).json()) as {
        id: string;
        status: string;
        attempts: number;
        error: string | null;
      }[];
      const failed = log.at(-1);
      expect(failed?.status).toBe("failed");
      expect(failed?.error).toBeTruthy();
      expect(await row.locator("th, td").allTextContents()).toEqual([
        failed?.id,
        "lead's",
        "failed (503)",
        String(failed?.attempts),
        failed?.error,
      ]);
      await page.screenshot({ path: screenshotPath("chat-failed-delivery"), fullPage: true });
    } finally {
      stack.sandbox.setWebhookUrl(stack.bot.url);
      refusing.closeAllConnections();
      await new Promise((resolve) => refusing.close(resolve));
    }
  });

  it("made no request off the loopback, and the page policy refused nothing", () => {
    expect(requests.urls.length).toBeGreaterThan(0);
    expect(requests.offLoopback()).toEqual([]);
    expect(seen.refused).toEqual([]);
  });
});
