/**
 * The client's `RateLimitStore` seam, as agreed in the brief, declared here until `@dashly/client` exports
 * it; then this file goes and the store imports the client's types.
 */
export type RateLimitTake = { granted: true; slot: string } | { granted: false; waitMs: number };

export interface RateLimitTakeOptions {
  limit: number;
  windowMs: number;
  holdMs: number;
}

export interface RateLimitStore {
  take(key: string, options: RateLimitTakeOptions): Promise<RateLimitTake> | RateLimitTake;
  release(key: string, slot: string): Promise<void> | void;
  pause(key: string, ms: number): Promise<void> | void;
}
