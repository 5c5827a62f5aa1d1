/**
 * Dashly's limit, per token: at most `limit` requests in any `windowMs` (a sliding log of request times,
 * on the sandbox's clock, so advancing the clock frees the budget). A refused request is not counted.
 */
export class RateLimiter {
  private readonly log = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one request of `token` at `nowMs`; refused: seconds until a slot frees (Retry-After). */
  take(token: string, nowMs: number): { granted: true } | { granted: false; retryAfterSeconds: number } {
    const times = this.log.get(token) ?? [];
    const fresh = times.filter((time) => nowMs - time < this.windowMs);
    if (fresh.length >= this.limit) {
      this.log.set(token, fresh);
      const oldest = fresh[0] ?? nowMs;
      return {
        granted: false,
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - nowMs) / 1000)),
      };
    }
    fresh.push(nowMs);
    this.log.set(token, fresh);
    return { granted: true };
  }

  clear(): void {
    this.log.clear();
  }
}
