/**
 * A Request that remembers what it was made from. Its body: fetch consumes a Request's body, so a retry
 * needs another copy; cloning every request up front (for a 429 that rarely comes) costs a stream tee per
 * POST. The client hands this class to openapi-fetch, so the transport can rebuild a retry from the original
 * form instead. And the caller's signal: a Request's own `signal` always exists, so only this says whether
 * anything can abort it, which spares the transport a listener per call when nothing can. It is a real
 * Request in every other way (middleware and custom fetches see no difference).
 */
type Body = NonNullable<RequestInit["body"]>;

export class ReplayableRequest extends Request {
  readonly replayBody: Body | undefined;
  /** The signal this request follows (the caller's), or undefined when it follows none. */
  readonly followedSignal: AbortSignal | undefined;

  constructor(input: string | URL | Request, init?: RequestInit) {
    super(input, init);
    const body = init?.body;
    this.replayBody = isReusable(body) ? body : undefined;
    this.followedSignal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
  }
}

/** The signal whose abort aborts `request`; undefined when nothing can abort it. */
export function abortSourceOf(request: Request): AbortSignal | undefined {
  return request instanceof ReplayableRequest ? request.followedSignal : request.signal;
}

/** Bodies that can be sent again as they are (not streams, which are read once). */
function isReusable(body: RequestInit["body"]): body is Body {
  return (
    typeof body === "string" ||
    body instanceof URLSearchParams ||
    body instanceof FormData ||
    body instanceof Blob ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body)
  );
}

/** A fresh copy of `request` for another attempt, from its remembered body; undefined when it has none. */
export function replay(request: Request): Request | undefined {
  if (!(request instanceof ReplayableRequest) || request.replayBody === undefined) return undefined;
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.replayBody,
  });
}
