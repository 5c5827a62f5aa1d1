import type { BrowserContext, Page } from "playwright-core";

const loopbackHosts = new Set(["127.0.0.1", "localhost", "[::1]"]);
/** Schemes that never touch the network. */
const localSchemes = new Set(["data:", "blob:", "about:", "file:"]);

/** Every request the context's pages make, as URLs, and the ones that would leave this machine. */
export function recordRequests(context: BrowserContext) {
  const urls: string[] = [];
  context.on("request", (request) => urls.push(request.url()));
  return {
    urls,
    offLoopback: () =>
      urls.filter((url) => {
        const { protocol, hostname } = new URL(url);
        return !localSchemes.has(protocol) && !loopbackHosts.has(hostname);
      }),
  };
}

/**
 * What a page reports that a test must see: uncaught errors, dialogs (dismissed at once, so a script that
 * got in cannot block the page) and Content-Security-Policy refusals, the requests the browser blocked
 * before they could show up as requests.
 */
export function watchPage(page: Page) {
  const seen = { errors: [] as string[], dialogs: [] as string[], refused: [] as string[] };
  page.on("pageerror", (error) => seen.errors.push(error.message));
  page.on("dialog", (dialog) => {
    seen.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) seen.refused.push(message.text());
  });
  return seen;
}
