/**
 * Redis could not do what was asked (down, unreachable, too slow, or it refused the command). The rate-limit
 * store fails closed with it: `@dashly/client` wraps it as `DashlyRateLimitStoreError` and sends nothing.
 * The Redis error, when there is one, is the `cause`.
 */
export class RedisUnavailableError extends Error {
  override readonly name = "RedisUnavailableError";
  /** What was being done, e.g. `rate-limit take` or `reply enqueue`. */
  readonly operation: string;

  constructor(operation: string, reason: string, options?: { cause?: unknown }) {
    super(`Redis ${operation} failed: ${reason}`, options);
    this.operation = operation;
  }
}

/** The reason to show for a failure: a Redis or network error's message, never the connection options. */
export function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Thrown by a reply queue's handler when trying again cannot help (e.g. the API refused the request as
 * invalid): the job goes straight to the dead letters, without its remaining tries.
 */
export class NotRetryableError extends Error {
  override readonly name = "NotRetryableError";
}
