import { createDashlyClient, type DashlyClient } from "@dashly/client";
import { afterEach } from "vitest";
import { type RunningSandbox, type SandboxOptions, startSandbox } from "../../src/index.ts";

const running = new Set<RunningSandbox>();

/**
 * A sandbox for one test, answering in-process (no port), with no rate limit unless asked; stopped after the
 * test, which also fails if any answer or delivery the sandbox made broke the spec.
 */
export async function testSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ port: false, rateLimit: false, ...options });
  running.add(sandbox);
  return sandbox;
}

afterEach(async () => {
  const violations = [...running].flatMap((sandbox) => sandbox.violations());
  await Promise.all([...running].map((sandbox) => sandbox.stop()));
  running.clear();
  if (violations.length > 0) throw new Error(`The sandbox broke the spec:\n${violations.join("\n")}`);
});

/** `@dashly/client` on the sandbox's in-process fetch (IDs as strings, no pacing, no retries). */
export function clientOf(
  sandbox: RunningSandbox,
  options: { auth?: "query" | "header"; token?: string } = {},
): DashlyClient {
  return createDashlyClient({
    token: options.token ?? sandbox.apiToken,
    baseUrl: sandbox.apiUrl,
    fetch: sandbox.fetch,
    rateLimit: false,
    retry: false,
    auth: options.auth,
  });
}

/** A raw call of the sandbox's API: the status and the body text. */
export async function call(
  sandbox: RunningSandbox,
  path: string,
  init: RequestInit & { form?: Record<string, string> } = {},
): Promise<{ status: number; text: string; json: Envelope; headers: Headers }> {
  const { form, ...rest } = init;
  const request: RequestInit = form
    ? {
        method: "POST",
        ...rest,
        body: new URLSearchParams(form),
        headers: { "content-type": "application/x-www-form-urlencoded", ...rest.headers },
      }
    : rest;
  const response = await sandbox.fetch(`${sandbox.url}${path}`, request);
  const text = await response.text();
  let json: Envelope;
  try {
    json = JSON.parse(text) as Envelope;
  } catch {
    json = { meta: {}, data: undefined };
  }
  return { status: response.status, text, json, headers: response.headers };
}

/** A JSON answer, loosely typed for assertions. */
export interface Envelope {
  meta: Record<string, unknown>;
  data: unknown;
  [key: string]: unknown;
}
