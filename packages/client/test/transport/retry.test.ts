import { describe, expect, test } from "vitest";
import {
  askedDelay,
  backoffDelay,
  mayRetry,
  parseRetryAfter,
  reasonForStatus,
  retryDelay,
  retryPolicy,
} from "../../src/transport/retry.ts";

const defaults = { minDelayMs: 500, maxDelayMs: 30_000 };

describe("retryPolicy", () => {
  test("fills in the documented defaults", () => {
    expect(retryPolicy(undefined)).toEqual({
      retries: 3,
      minDelayMs: 500,
      maxDelayMs: 30_000,
      retryUnsafe: false,
      onRetry: undefined,
    });
  });

  test("false means no retries at all", () => {
    expect(retryPolicy(false).retries).toBe(0);
  });

  test("rejects options that cannot work", () => {
    expect(() => retryPolicy({ retries: -1 })).toThrow(RangeError);
    expect(() => retryPolicy({ retries: 1.5 })).toThrow(RangeError);
    expect(() => retryPolicy({ minDelayMs: 1000, maxDelayMs: 999 })).toThrow(RangeError);
  });
});

describe("reasonForStatus", () => {
  test.each([
    [429, "rate-limited"],
    [500, "server-error"],
    [503, "server-error"],
    [599, "server-error"],
    [200, undefined],
    [400, undefined],
    [404, undefined],
    [499, undefined],
    [600, undefined],
  ])("%i -> %s", (status, reason) => {
    expect(reasonForStatus(status)).toBe(reason);
  });
});

describe("mayRetry", () => {
  test("a 429 is retried for any method: the server did not process it", () => {
    expect(mayRetry("POST", "rate-limited", false)).toBe(true);
    expect(mayRetry("DELETE", "rate-limited", false)).toBe(true);
  });

  test("other failures are retried for GET and HEAD only, unless retryUnsafe", () => {
    for (const reason of ["server-error", "network", "timeout"] as const) {
      expect(mayRetry("GET", reason, false)).toBe(true);
      expect(mayRetry("HEAD", reason, false)).toBe(true);
      expect(mayRetry("POST", reason, false)).toBe(false);
      expect(mayRetry("DELETE", reason, false)).toBe(false);
      expect(mayRetry("POST", reason, true)).toBe(true);
    }
  });
});

describe("backoffDelay", () => {
  test("doubles from minDelayMs, the jitter adding up to as much again", () => {
    const attempts = [1, 2, 3, 4];
    expect(attempts.map((attempt) => backoffDelay(attempt, defaults, () => 0))).toEqual([
      500, 1000, 2000, 4000,
    ]);
    expect(attempts.map((attempt) => backoffDelay(attempt, defaults, () => 0.5))).toEqual([
      750, 1500, 3000, 6000,
    ]);
    expect(attempts.map((attempt) => backoffDelay(attempt, defaults, () => 0.999_999))).toEqual([
      1000, 2000, 4000, 8000,
    ]);
  });

  test("is capped at maxDelayMs", () => {
    expect(backoffDelay(10, defaults, () => 0)).toBe(15_000);
    expect(backoffDelay(10, defaults, () => 0.999_999)).toBe(30_000);
    expect(backoffDelay(2000, defaults, () => 0.999_999)).toBe(30_000);
  });

  test("stays within [minDelayMs, maxDelayMs] whatever the draw", () => {
    const tight = { minDelayMs: 800, maxDelayMs: 1000 };
    for (let attempt = 1; attempt <= 40; attempt++) {
      for (const draw of [0, 0.25, 0.5, 0.75, 0.999_999]) {
        const delay = backoffDelay(attempt, tight, () => draw);
        expect(delay).toBeGreaterThanOrEqual(800);
        expect(delay).toBeLessThanOrEqual(1000);
      }
    }
  });

  test("equal bounds give a fixed delay", () => {
    expect(backoffDelay(3, { minDelayMs: 1000, maxDelayMs: 1000 }, () => 0.3)).toBe(1000);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.UTC(2025, 0, 1, 12, 0, 0);

  test("reads delta-seconds", () => {
    expect(parseRetryAfter("2", now)).toBe(2000);
    expect(parseRetryAfter(" 1.5 ", now)).toBe(1500);
    expect(parseRetryAfter("0", now)).toBe(0);
  });

  test("reads an HTTP date", () => {
    expect(parseRetryAfter("Wed, 01 Jan 2025 12:00:03 GMT", now)).toBe(3000);
    expect(parseRetryAfter("Wed, 01 Jan 2025 11:59:00 GMT", now)).toBe(0);
  });

  test("ignores what it cannot read", () => {
    expect(parseRetryAfter("", now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-1", now)).toBeUndefined();
  });
});

describe("askedDelay", () => {
  test("is what Retry-After asks, capped at maxDelayMs, and undefined when it asks nothing readable", () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(askedDelay("2", defaults, now)).toBe(2000);
    expect(askedDelay("Wed, 01 Jan 2025 00:00:05 GMT", defaults, now)).toBe(5000);
    expect(askedDelay("3600", defaults, now)).toBe(30_000);
    expect([askedDelay(null, defaults, now), askedDelay("soon", defaults, now)]).toEqual([
      undefined,
      undefined,
    ]);
  });
});

describe("retryDelay", () => {
  test("waits what the server asked, capped at maxDelayMs", () => {
    expect(retryDelay(1, "2", defaults, 0, () => 0)).toBe(2000);
    expect(retryDelay(1, "120", defaults, 0, () => 0)).toBe(30_000);
  });

  test("falls back to backoff without a readable Retry-After", () => {
    expect(retryDelay(2, null, defaults, 0, () => 0)).toBe(1000);
    expect(retryDelay(2, "later", defaults, 0, () => 0)).toBe(1000);
  });
});
