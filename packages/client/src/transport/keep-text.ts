/** Bodies kept by `keepText`, by Response. */
const kept = new WeakMap<Response, string>();

/** The `text()` of a Response whose body was kept: one function for all of them, so that none costs a closure. */
function keptText(this: Response): Promise<string> {
  return Promise.resolve(kept.get(this) ?? "");
}

/**
 * Makes `response.text()` answer `text`, its body, already read, from memory, as often as asked; its other
 * readers find the body used, as after any read. The transport reads a body while the attempt that brought
 * it is under way, so that a connection cut mid-body fails that attempt (which can then be retried) rather
 * than whoever reads the body later; this hands the text on. The same Response is kept, not a new one:
 * building one costs a stream per call, and the answer's `url`, `type` and `redirected` would be lost.
 */
export function keepText(response: Response, text: string): Response {
  kept.set(response, text);
  Object.defineProperty(response, "text", { value: keptText, configurable: true, writable: true });
  return response;
}
