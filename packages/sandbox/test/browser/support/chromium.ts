import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

/** Debian's Chromium; playwright-core drives it, so no browser is ever downloaded. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Why the browser tests cannot run here, or undefined when they can. Only a developer's machine without
 * Chromium skips; in CI (`CI` set) a missing Chromium is a failure, raised by `launchChromium`.
 */
export const skipReason =
  existsSync(chromiumPath) || process.env.CI
    ? undefined
    : `browser tests skipped: no Chromium at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH)`;

export interface LaunchedChromium {
  context: BrowserContext;
  /** Closes the browser and removes its profile folder. */
  close(): Promise<void>;
}

/**
 * Starts headless Chromium with a fresh profile and the background services off (this machine's network is
 * closed, and a test page must be the only thing that makes requests).
 */
export async function launchChromium(): Promise<LaunchedChromium> {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium is not installed at ${chromiumPath}`);
  const profile = await mkdtemp(join(tmpdir(), "dashly-chromium-"));
  // A persistent context is how playwright takes a profile folder of ours (it refuses --user-data-dir).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
