import { createHash } from "node:crypto";
import createClient, { type Client, type HeadersOptions, mergeHeaders } from "openapi-fetch";
import { unwrap } from "./envelope.ts";
import { encodeForm } from "./form.ts";
import type { paths } from "./generated/schema.ts";
import { createPaginator, cursorPages, offsetPages, type PageFetcher, type Paginator } from "./paginate.ts";
import { createQuerySerializer } from "./query.ts";
import { MemoryRateLimitStore, type RateLimitOptions } from "./transport/rate-limit.ts";
import { ReplayableRequest } from "./transport/replayable-request.ts";
import { createTransport, type RetryOptions } from "./transport/transport.ts";
import type { CallInit, CallMethod, DashlyMethod, InitArgument, PagedPath, PageItem } from "./types.ts";

export interface DashlyClientOptions {
  /** An API key from "Settings > Developers". It never appears in errors or logged URLs. */
  token: string;
  /** Default `https://api.dashly.app/v1`; point it at a mock in tests. */
  baseUrl?: string;
  /** Send the token as the `auth_token` query parameter (default, as the v1 docs show) or an `Authorization: Token` header. */
  auth?: "query" | "header";
  /** A `fetch` to use instead of the global one (tests inject theirs). */
  fetch?: typeof fetch;
  /**
   * Pacing; default 60 requests per 60 s per token, in this process. A 429 with `Retry-After` also pauses the
   * token's budget until then, so that every request with the token waits, not only the refused one (across
   * processes too, with a shared `store` that implements `pauseUntil`). `false` turns both off.
   */
  rateLimit?: RateLimitOptions | false;
  /**
   * Retries of 429s (all methods), and of 5xx, network errors and timeouts (GET only unless `retryUnsafe`). An
   * answer cut off mid-body is a network error: `GET`, `POST`, `DELETE` and `paginate` read the whole body
   * within the attempt (the `raw` client leaves the body to its caller, so there a cut surfaces on reading).
   */
  retry?: RetryOptions | false;
  /** Per attempt, reading the answer's body included; default 30 000 ms. */
  timeoutMs?: number;
  /** Headers sent with every request, e.g. a `User-Agent`. */
  headers?: HeadersOptions;
}

export interface DashlyClient {
  GET: CallMethod<"get">;
  POST: CallMethod<"post">;
  DELETE: CallMethod<"delete">;
  /** Every item of a paged operation (`after`/`count`, or `offset`/`limit` for the app's users). */
  paginate<Path extends PagedPath, Init extends CallInit<Path, "get">>(
    path: Path,
    ...init: InitArgument<Init>
  ): Paginator<PageItem<Path>>;
  /**
   * The underlying openapi-fetch client (same transport: auth, pacing, retries), answers not unwrapped. It
   * resolves once the headers are in, so a body cut off later fails the read (fetch's `TypeError`), unretried.
   */
  raw: Client<paths>;
}

const formContentType = { "Content-Type": "application/x-www-form-urlencoded" };
/** One budget per token for the whole process, however many clients use that token. */
const processRateLimitStore = new MemoryRateLimitStore();
const passThrough = <Body>(body: Body): Body => body;

interface Init {
  params?: Params;
  body?: object;
  headers?: HeadersOptions;
  [option: string]: unknown;
}

/** Creates a typed client of the Dashly Web API. */
export function createDashlyClient(options: DashlyClientOptions): DashlyClient {
  const { token, auth = "query", timeoutMs = 30_000 } = options;
  if (typeof token !== "string" || token.trim() === "") {
    throw new TypeError("createDashlyClient needs a token: the API key from Settings > Developers");
  }
  const transport = createTransport({
    fetch: options.fetch,
    rateLimitKey: createHash("sha256").update(token).digest("hex").slice(0, 32),
    rateLimit: options.rateLimit === false ? false : pacing(options.rateLimit),
    retry: options.retry,
    timeoutMs,
  });
  const raw = createClient<paths>({
    baseUrl: options.baseUrl ?? "https://api.dashly.app/v1",
    querySerializer: createQuerySerializer(auth === "query" ? { auth_token: token } : undefined),
    bodySerializer: passThrough,
    Request: ReplayableRequest,
    headers:
      auth === "header"
        ? mergeHeaders(options.headers, { Authorization: `Token ${token}` })
        : options.headers,
    fetch: transport.fetch,
  });

  async function call(method: DashlyMethod, path: string, init: Init = {}) {
    const body = init.body === undefined ? undefined : encodeForm(init.body);
    const request: Init = {
      params: withStringIds(init.params),
      body,
      headers:
        body instanceof URLSearchParams
          ? init.headers === undefined
            ? formContentType
            : mergeHeaders(formContentType, init.headers)
          : init.headers,
      parseAs: "text",
      // Reads the body within the attempt, so that a cut answer is retried like a network error.
      fetch: transport.fetchWhole,
    };
    // The caller's other options (signal, middleware...) as given: copied, not spread, because
    // `{ ...init, ... }` here cost about 2 µs a call on Node 20 (bench/overhead.ts).
    for (const option in init) if (!(option in request)) request[option] = init[option];
    const site = () => ({ method: method.toUpperCase(), path: sitePath(path, init.params?.path) });
    const { data, error, response } = await raw.request(method, path as never, request as never);
    return unwrap(site, response, data ?? error);
  }

  const get = ((path: string, init?: Init) => call("get", path, init)) as CallMethod<"get"> & PageFetcher;

  return {
    GET: get,
    POST: ((path: string, init?: Init) => call("post", path, init)) as CallMethod<"post">,
    DELETE: ((path: string, init?: Init) => call("delete", path, init)) as CallMethod<"delete">,
    paginate(path, ...[init]) {
      const pages = path === "/apps/{id}/users" ? offsetPages : cursorPages;
      return createPaginator(() => pages(get, path, init as Init)) as never;
    },
    raw,
  };
}

type Params = { query?: Record<string, unknown>; path?: object; header?: object };

/** `params` whose query asks for IDs as strings (they exceed 2^53), unless the caller chose `id_as_string`. */
function withStringIds(params: Params | undefined): Params | undefined {
  const query = params?.query;
  if (query?.id_as_string !== undefined) return params;
  return {
    path: params?.path,
    query: query === undefined ? { id_as_string: true } : { ...query, id_as_string: true },
    header: params?.header,
  };
}

/**
 * The client's pacing: one budget per token for the process, and slots held 2% longer than the window so
 * that network jitter cannot make the server see more than the limit (see `RateLimitOptions.marginMs`).
 */
function pacing(options: RateLimitOptions = {}): RateLimitOptions {
  const windowMs = options.windowMs ?? 60_000;
  return { store: processRateLimitStore, marginMs: Math.ceil(windowMs * 0.02), ...options };
}

/** The path shown in errors, IDs filled in (`/users/42`); never the query string, which may hold the token. */
function sitePath(schemaPath: string, pathParams: object | undefined): string {
  if (!pathParams) return schemaPath;
  const values = pathParams as Record<string, unknown>;
  return schemaPath.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    values[name] === undefined ? placeholder : encodeURIComponent(String(values[name])),
  );
}
