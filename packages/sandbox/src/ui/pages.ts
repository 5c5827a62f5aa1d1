import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Hono } from "hono";

/** The built pages (`scripts/build-ui.ts` writes them to `dist/ui`), by URL path. */
const pages = {
  "/chat": { file: "chat.html", type: "text/html; charset=utf-8" },
  "/chat/": { file: "chat.html", type: "text/html; charset=utf-8" },
  "/chat/chat.js": { file: "chat.js", type: "text/javascript; charset=utf-8" },
  "/chat/chat.css": { file: "chat.css", type: "text/css; charset=utf-8" },
  "/docs": { file: "docs.html", type: "text/html; charset=utf-8" },
  "/docs/": { file: "docs.html", type: "text/html; charset=utf-8" },
} as const;

/**
 * What each page may load, enforced by the browser: the chat page runs only its own script and talks only
 * to the sandbox; the reference page is one inlined file (Scalar needs inline scripts and styles) whose
 * "try it" requests may go to the sandbox alone. Neither can reach another host, whatever its data holds.
 */
const chatPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const docsPolicy =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; " +
  "img-src 'self' data: blob:; font-src 'self' data:; worker-src blob:; base-uri 'none'; form-action 'none'; " +
  "frame-ancestors 'none'";

/**
 * Routes for the chat page (`/chat`) and the API reference (`/docs`), served from `pagesDir`. Files are read
 * once, on their first request.
 */
export function pageRoutes(pagesDir: string): Hono {
  const cache = new Map<string, Promise<Buffer>>();
  const load = (file: string) => {
    let content = cache.get(file);
    if (!content) {
      content = readFile(join(pagesDir, file));
      // A missing file (pages not built) is reported on each request, not cached as a failure.
      content.catch(() => cache.delete(file));
      cache.set(file, content);
    }
    return content;
  };

  const app = new Hono();
  for (const [path, page] of Object.entries(pages)) {
    app.get(path, async (c) => {
      let content: Buffer;
      try {
        content = await load(page.file);
      } catch {
        return c.text(`The sandbox's pages are not built (no ${page.file} in ${pagesDir})`, 500);
      }
      return c.body(new Uint8Array(content), 200, {
        "content-type": page.type,
        "content-security-policy": page.file === "docs.html" ? docsPolicy : chatPolicy,
        "x-content-type-options": "nosniff",
        "cache-control": "no-cache",
      });
    });
  }
  return app;
}
