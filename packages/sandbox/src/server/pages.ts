import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { dashlyError } from "@dashly/mock/wire";
import type { Hono } from "hono";

const MEDIA_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".yaml": "application/yaml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

/** The pages the sandbox serves from its built UI folder: `/chat` and `/docs`. */
export const PAGES = ["chat", "docs"] as const;

/**
 * Serves the built pages: `/chat` is `<pagesDir>/chat/index.html`, `/chat/<file>` a file beside it; the same
 * for `/docs`. Pages not built (yet) answer 404 in Dashly's error envelope. No file outside a page's folder
 * is ever read.
 */
export function mountPages(app: Hono, pagesDir: string): void {
  for (const page of PAGES) {
    const root = join(pagesDir, page);
    app.get(`/${page}`, (c) => c.redirect(`/${page}/`, 302));
    app.get(`/${page}/*`, async (c) => {
      const relative = decodeURIComponent(c.req.path.slice(page.length + 2)) || "index.html";
      const file = normalize(join(root, relative));
      if (!file.startsWith(root + sep)) return notFound(c.req.path);
      try {
        const content = await readFile(file);
        return new Response(content, {
          headers: {
            "content-type": MEDIA_TYPES[extname(file)] ?? "application/octet-stream",
            "cache-control": "no-cache",
          },
        });
      } catch {
        return notFound(c.req.path);
      }
    });
  }
}

function notFound(path: string): Response {
  return new Response(
    JSON.stringify(dashlyError(404, "Error404", `No page at ${path} (is the sandbox's UI built?)`)),
    {
      status: 404,
      headers: { "content-type": "application/json; charset=utf-8" },
    },
  );
}
