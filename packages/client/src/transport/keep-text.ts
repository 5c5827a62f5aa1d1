/** Bodies kept by `keepText`, by Response. */
const kept = new WeakMap<Response, string>();

// One function each for all kept Responses, so that none costs a closure per call.
function keptText(this: Response): Promise<string> {
  return Promise.resolve(kept.get(this) ?? "");
}

async function keptJson(this: Response): Promise<unknown> {
  return JSON.parse(kept.get(this) ?? "");
}

/** A fresh, unread Response with the same status, headers, URL and body, as `clone()` would give. */
function keptClone(this: Response): Response {
  const copy = new Response(kept.get(this) ?? "", {
    status: this.status,
    statusText: this.statusText,
    headers: this.headers,
  });
  Object.defineProperty(copy, "url", { value: this.url });
  return copy;
}

/**
 * Makes `response.text()` and `response.json()` answer from `text`, its body, already read, as often as asked,
 * and `response.clone()` give an unread copy: middleware can read the answer the usual ways. The transport reads
 * a body while the attempt that brought it is under way, so that a connection cut mid-body fails that attempt
 * (which can then be retried) rather than whoever reads the body later; this hands the text on. The same
 * Response is kept, not a new one: building one costs a stream per call, and the answer's `url`, `type` and
 * `redirected` would be lost. Its other readers (`body`, `arrayBuffer()`...) find the body used.
 */
export function keepText(response: Response, text: string): Response {
  kept.set(response, text);
  Object.defineProperties(response, {
    text: { value: keptText, configurable: true, writable: true },
    json: { value: keptJson, configurable: true, writable: true },
    clone: { value: keptClone, configurable: true, writable: true },
  });
  return response;
}
