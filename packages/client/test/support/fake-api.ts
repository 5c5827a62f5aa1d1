/** A request as the fake API saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: string;
}

type Handler = (request: SeenRequest, index: number) => Response | Promise<Response>;

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Response =>
  new Response(typeof body === "string" ? body : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });

export const ok = (data: unknown, meta: Record<string, unknown> = {}): Response =>
  json({ meta: { status: 200, ...meta }, data });

export const failure = (status: number, error: string, message = `${error} happened`, extra = {}): Response =>
  json({ meta: { status, error, error_message: message, ...extra }, data: {} }, status);

/**
 * An injected `fetch` that answers from `handler` and records every request: the tests look at what the
 * client really sent, without touching the global fetch.
 */
export function fakeApi(handler: Handler) {
  const seen: SeenRequest[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const entry: SeenRequest = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body: await request.text(),
    };
    seen.push(entry);
    return handler(entry, seen.length - 1);
  };
  return { fetch: fetch as typeof globalThis.fetch, seen };
}

export const quiet = { rateLimit: false, retry: false } as const;
