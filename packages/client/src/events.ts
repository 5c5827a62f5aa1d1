/**
 * What the client tells about its work, so that a long job can be watched: every attempt sent and answered,
 * every retry and every wait for the rate limit. No event holds the token: `path` is the API path with IDs
 * filled in (`/users/42`), never the query.
 */
import type { RetryReason } from "./transport/retry.ts";

/** An attempt is about to be sent (its pacing is done). */
export interface RequestEvent {
  method: string;
  path: string;
  /** 1-based. */
  attempt: number;
}

/** An attempt got an answer (its headers: the body is read after). */
export interface ResponseEvent {
  method: string;
  path: string;
  status: number;
  attempt: number;
  /** From sending the attempt to its answer's headers. */
  durationMs: number;
}

/** An attempt failed and another will follow after `delayMs`. */
export interface RetryEvent {
  method: string;
  path: string;
  /** The attempt that failed, 1-based. */
  attempt: number;
  /** How long until the next attempt. */
  delayMs: number;
  reason: RetryReason;
  /** The HTTP status, when an answer came. */
  status?: number;
}

/** A request waits for its turn: the token's budget is spent (`rate-limit`) or paused after a 429 (`paused`). */
export interface WaitEvent {
  method: string;
  path: string;
  waitMs: number;
  reason: "rate-limit" | "paused";
}

export interface ClientEvents {
  request: RequestEvent;
  response: ResponseEvent;
  retry: RetryEvent;
  wait: WaitEvent;
}

export type ClientEventName = keyof ClientEvents;

/** A pino-shaped logger (pino, or anything with these four methods taking `(object, message)`). */
export interface DashlyLogger {
  debug(object: object, message: string): void;
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

type Listener<Name extends ClientEventName> = (event: ClientEvents[Name]) => void;

/**
 * Listeners by event. `has` lets the transport skip building an event nobody listens to: most calls have no
 * listener, and an event object per attempt would be their whole cost. A listener's exception fails the call.
 */
export class Emitter {
  readonly #listeners: { [Name in ClientEventName]: Set<Listener<Name>> } = {
    request: new Set(),
    response: new Set(),
    retry: new Set(),
    wait: new Set(),
  };

  on<Name extends ClientEventName>(name: Name, listener: Listener<Name>): () => void {
    const listeners = Object.hasOwn(this.#listeners, name)
      ? (this.#listeners[name] as Set<Listener<Name>>)
      : undefined;
    if (listeners === undefined)
      throw new TypeError(`no such event: the client tells request, response, retry, wait`);
    // A wrapper, so that the same function subscribed twice is called twice and unsubscribes once.
    const entry: Listener<Name> = (event) => listener(event);
    listeners.add(entry);
    return () => void listeners.delete(entry);
  }

  has(name: ClientEventName): boolean {
    return this.#listeners[name].size > 0;
  }

  emit<Name extends ClientEventName>(name: Name, event: ClientEvents[Name]): void {
    for (const listener of this.#listeners[name] as Set<Listener<Name>>) listener(event);
  }
}

/** Logs the client's events: sends and answers at `debug`, waits at `info`, retries at `warn`. */
export function logEvents(emitter: Emitter, logger: DashlyLogger): void {
  emitter.on("request", (event) =>
    logger.debug({ dashly: event }, `dashly: ${event.method} ${event.path} sent`),
  );
  emitter.on("response", (event) =>
    logger.debug({ dashly: event }, `dashly: ${event.method} ${event.path} answered ${event.status}`),
  );
  emitter.on("wait", (event) =>
    logger.info(
      { dashly: event },
      `dashly: ${event.method} ${event.path} waits ${event.waitMs} ms (${event.reason})`,
    ),
  );
  emitter.on("retry", (event) =>
    logger.warn(
      { dashly: event },
      `dashly: ${event.method} ${event.path} attempt ${event.attempt} failed (${event.reason}), retrying in ${event.delayMs} ms`,
    ),
  );
}
