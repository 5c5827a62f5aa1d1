import type { Fixtures } from "./state/fixtures.ts";

/** The API key the sandbox accepts and the webhook token it sends when the options name none. */
export const DEFAULT_API_TOKEN = "sandbox-token";
export const DEFAULT_WEBHOOK_TOKEN = "sandbox-webhook-token";

/** How the spec judges: `strict` refuses (requests) and fails loudly (answers, deliveries); `warn` logs; `off` skips. */
export type ValidationMode = "strict" | "warn" | "off";

/** A pino-shaped logger (pino itself fits). The sandbox never passes it a token. */
export interface Logger {
  debug(object: Record<string, unknown>, message: string): void;
  info(object: Record<string, unknown>, message: string): void;
  warn(object: Record<string, unknown>, message: string): void;
  error(object: Record<string, unknown>, message: string): void;
}

export interface SandboxOptions {
  /** Listen on this port (0 or absent: a free one). `false`: do not listen; use `sandbox.fetch` only. */
  port?: number | false;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** API keys the sandbox accepts, all for its app. Default `["sandbox-token"]`. */
  apiTokens?: string[];
  /** Where chat webhooks go. None: nothing is delivered (the log stays empty). */
  webhookUrl?: string;
  /** The `token` field of every delivery. Default `sandbox-webhook-token`. */
  webhookToken?: string;
  /** Delivery attempts (first included) and the delay before the second; it doubles after. Default 5 and 500 ms. */
  webhookRetry?: { attempts?: number; delayMs?: number; timeoutMs?: number };
  /** Requests a minute per token before `429 TooManyRequests`; Dashly's 60 by default; `false` for none. */
  rateLimit?: { limit: number; windowMs?: number } | false;
  /** How the spec judges requests, answers and deliveries. Default `strict`. */
  validation?: ValidationMode;
  /** Loaded after the defaults, at start and on every reset. */
  fixtures?: Fixtures;
  /** Keep the state in this JSON file: loaded at start if present, written after each change. */
  persist?: string;
  /** Where request lines, retries and violations go. Default: nothing (errors still reach `violations()`). */
  logger?: Logger;
  /**
   * Let @hono/node-server put its lighter Request and Response in place of the global ones (faster). Off by
   * default, so that a test process keeps Node's own; the CLI, alone in its process, turns it on.
   */
  replaceGlobalFetchClasses?: boolean;
  /** Folder of the built chat and docs pages. Default: the package's `dist/ui`. */
  pagesDir?: string;
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
