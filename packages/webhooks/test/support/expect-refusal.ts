import { inspect } from "node:util";
import { expect } from "vitest";
import { parseWebhook, type WebhookError, type WebhookErrorCode } from "../../src/index.ts";
import { TOKEN } from "./fixtures.ts";

/** The error a call throws; fails the test when it throws nothing. */
export function caught(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw");
}

/** Checks that an error is of the class, code and status given, and that no form of it shows the token. */
export function expectRefusal(
  error: unknown,
  expected: {
    class: new (...args: never[]) => WebhookError;
    code: WebhookErrorCode;
    status: number;
    message: RegExp | string;
  },
): void {
  expect(error).toBeInstanceOf(expected.class);
  const refusal = error as WebhookError;
  expect(refusal.code).toBe(expected.code);
  expect(refusal.status).toBe(expected.status);
  if (typeof expected.message === "string") expect(refusal.message).toBe(expected.message);
  else expect(refusal.message).toMatch(expected.message);
  expectNoToken(refusal);
}

export function expectNoToken(error: unknown): void {
  expect(String(error)).not.toContain(TOKEN);
  expect(inspect(error, { depth: 10 })).not.toContain(TOKEN);
  expect(JSON.stringify(error) ?? "").not.toContain(TOKEN);
}

/** Parses with the tests' token and returns what was thrown. */
export function refusalOf(body: string, contentType?: string | null): unknown {
  return caught(() => parseWebhook(body, { token: TOKEN, contentType }));
}
