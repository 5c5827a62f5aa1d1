/**
 * The client's way of using a rate-limit store, reduced to what the multi-process proof needs, until
 * `@dashly/client`'s redesigned pacer lands on main: one waiter per key in this process at a time (a FIFO
 * queue), asking the store again only after the wait it was told.
 */
import type { RateLimitStore, RateLimitTakeOptions } from "../../src/index.ts";

export function localPacer(store: RateLimitStore, key: string, options: RateLimitTakeOptions) {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    /** Resolves with a slot once granted; rejects when the store fails (nothing may be sent then). */
    acquire(): Promise<string> {
      const turn = tail.then(async () => {
        for (;;) {
          const answer = await store.take(key, options);
          if (answer.granted) return answer.slot;
          await new Promise((resolve) => setTimeout(resolve, answer.waitMs));
        }
      });
      tail = turn.catch(() => {});
      return turn;
    },
  };
}
