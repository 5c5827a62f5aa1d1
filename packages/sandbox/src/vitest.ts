import type {} from "vitest";
import { startSandbox } from "./start-sandbox.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Origin of the sandbox started by `@dashly/sandbox/vitest` (the API is under `/v1`). */
    dashlySandboxUrl: string;
    /** The API token it accepts. */
    dashlySandboxToken: string;
  }
}

interface GlobalSetupContext {
  provide(key: "dashlySandboxUrl" | "dashlySandboxToken", value: string): void;
}

/**
 * A vitest `globalSetup`: starts one sandbox for the run (no rate limit, so tests do not wait) and provides
 * its URL and token: `inject("dashlySandboxUrl")`. Add `globalSetup: ["@dashly/sandbox/vitest"]` to the
 * config. `DASHLY_SANDBOX_WEBHOOK_URL` sets where chat webhooks go. Tests reset it with
 * `POST <url>/_sandbox/reset`.
 */
export default async function setup({ provide }: GlobalSetupContext): Promise<() => Promise<void>> {
  const sandbox = await startSandbox({
    rateLimit: false,
    webhookUrl: process.env.DASHLY_SANDBOX_WEBHOOK_URL,
  });
  provide("dashlySandboxUrl", sandbox.url);
  provide("dashlySandboxToken", sandbox.apiToken);
  return () => sandbox.stop();
}
