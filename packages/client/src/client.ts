import { createHash } from "node:crypto";
import createClient, { type Client, type HeadersOptions, mergeHeaders } from "openapi-fetch";
import { createQuerySerializer, encodeForm } from "./encoding.ts";
import { unwrap } from "./envelope.ts";
import { type ClientEventName, type ClientEvents, type DashlyLogger, Emitter, logEvents } from "./events.ts";
import type { paths } from "./generated/schema.ts";
import { createPaginator, type PageFetcher, type Paginator } from "./paginate.ts";
import { secretOf } from "./secrecy.ts";
import type { RateLimitOptions } from "./transport/pacing.ts";
import { MemoryRateLimitStore } from "./transport/rate-limit.ts";
import type { RetryOptions } from "./transport/retry.ts";
import { createTransport } from "./transport/transport.ts";
import type { CallInit, CallMethod, DashlyMethod, InitArgument, PagedPath, PageItem } from "./types.ts";

export interface DashlyClientOptions {
  /** An API key from "Settings > Developers". It never appears in errors, events or logs. */
  token: string;
  /** Default `https://api.dashly.app/v1`; an absolute `http(s)` URL (point it at a mock in tests). */
  baseUrl?: string;
  /** Send the token as the `auth_token` query parameter (default, as the v1 docs show) or an `Authorization: Token` header. */
  auth?: "query" | "header";
  /** A `fetch` to use instead of the global one (tests inject theirs). */
  fetch?: typeof fetch;
  /**
   * Pacing; default 60 requests per 60 s per token, in this process. A 429 with `Retry-After` also pauses the
   * token's budget, so that every request with the token waits, not only the refused one (across processes
   * too, with a shared `store`). `false` turns both off.
   */
  rateLimit?: RateLimitOptions | false;
  /**
   * Retries of 429s (all methods), and of 5xx, network errors (an answer cut off mid-body among them) and
   * timeouts (GET only unless `retryUnsafe`).
   */
  retry?: RetryOptions | false;
  /** Per attempt, reading the answer's body included; default 30 000 ms. Also how long a slot of the budget is held at most. */
  timeoutMs?: number;
  /** Headers sent with every request, e.g. a `User-Agent`. */
  headers?: HeadersOptions;
  /** Logs the client's events (pino, or anything with the same four methods): sends and answers at debug, waits at info, retries at warn. */
  logger?: DashlyLogger;
}

export interface DashlyClient {
  GET: CallMethod<"get">;
  POST: CallMethod<"post">;
  DELETE: CallMethod<"delete">;
  /** Every item of a paged operation (`after`, v2 positions, or `offset`/`limit` for the app's users); `.pages()` page by page. */
  paginate<Path extends PagedPath, Init extends CallInit<Path, "get">>(
    path: Path,
    ...init: InitArgument<Init>
  ): Paginator<PageItem<Path>>;
  /** Listens to an event (`request`, `response`, `retry`, `wait`); returns the function that stops listening. */
  on<Name extends ClientEventName>(name: Name, listener: (event: ClientEvents[Name]) => void): () => void;
  /** The underlying openapi-fetch client (same transport: auth, pacing, retries, events), answers not unwrapped. */
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

/** Creates a typed client of the Dashly Web API. Throws `TypeError` / `RangeError` on options that cannot work. */
export function createDashlyClient(options: DashlyClientOptions): DashlyClient {
  const { token, auth = "query", timeoutMs = 30_000 } = options;
  checkToken(token);
  const baseUrl = checkBaseUrl(options.baseUrl ?? "https://api.dashly.app/v1");
  const events = new Emitter();
  if (options.logger !== undefined) logEvents(events, options.logger);
  const transport = createTransport({
    fetch: options.fetch,
    rateLimitKey: createHash("sha256").update(token).digest("hex").slice(0, 32),
    rateLimit: options.rateLimit === false ? false : { store: processRateLimitStore, ...options.rateLimit },
    retry: options.retry,
    timeoutMs,
    basePath: baseUrl.pathname.replace(/\/$/, ""),
    events,
    secret: secretOf(token),
  });
  const raw = createClient<paths>({
    baseUrl: baseUrl.href,
    querySerializer: createQuerySerializer(auth === "query" ? { auth_token: token } : undefined),
    bodySerializer: passThrough,
    headers:
      auth === "header"
        ? mergeHeaders(options.headers, { Authorization: `Token ${token}` })
        : options.headers,
    fetch: transport,
  });

  /** One call: the answer unwrapped, with its raw text (for exact cursors). */
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
    };
    // The caller's other options (signal, middleware...) as given: copied, not spread, because
    // `{ ...init, ... }` here cost about 2 µs a call on Node 20 (bench/overhead.ts).
    for (const option in init) if (!(option in request)) request[option] = init[option];
    const { data, error, response } = await raw.request(method, path as never, request as never);
    const text = (data ?? error) as string | undefined;
    const site = () => ({ method: method.toUpperCase(), path: sitePath(path, init.params?.path) });
    return { result: unwrap(site, response, text), text: text ?? "" };
  }

  const getPage: PageFetcher = async (path, init) => {
    const { result, text } = await call("get", path, init as Init);
    return { data: result.data, meta: result.meta as Record<string, unknown>, text };
  };

  return {
    GET: (async (path: string, init?: Init) => (await call("get", path, init)).result) as CallMethod<"get">,
    POST: (async (path: string, init?: Init) =>
      (await call("post", path, init)).result) as CallMethod<"post">,
    DELETE: (async (path: string, init?: Init) =>
      (await call("delete", path, init)).result) as CallMethod<"delete">,
    paginate(path, ...[init]) {
      return createPaginator(getPage, path, init as Init) as never;
    },
    on: (name, listener) => events.on(name, listener),
    raw,
  };
}

function checkToken(token: unknown): asserts token is string {
  if (typeof token !== "string" || token.trim() === "") {
    throw new TypeError("createDashlyClient needs a token: the API key from Settings > Developers");
  }
  // A token that cannot travel in a URL or a header as it is would fail later, in an error quoting it.
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new TypeError("createDashlyClient: the token has spaces or characters an API key never has");
  }
}

/**
 * The base URL, checked now: a slip such as a missing scheme (`127.0.0.1:4010`) would otherwise fail at the
 * first call, in an error quoting the whole request URL, token included. The message never quotes it back.
 */
function checkBaseUrl(text: unknown): URL {
  const hint = "an absolute http(s) URL such as https://api.dashly.app/v1";
  if (typeof text !== "string") throw new TypeError(`baseUrl must be ${hint}`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`baseUrl is not a URL (is the scheme missing?): it must be ${hint}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new TypeError(
      `baseUrl must start with http:// or https:// (is the scheme missing?): it must be ${hint}`,
    );
  if (url.username !== "" || url.password !== "")
    throw new TypeError("baseUrl must not hold credentials: pass the API key as `token`");
  if (url.search !== "" || url.hash !== "")
    throw new TypeError(`baseUrl must not have a query or a fragment: it must be ${hint}`);
  url.pathname = url.pathname.replace(/\/+$/, "");
  return url;
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

/** The API path with IDs filled in (`/users/42`), encoded as in the request's URL; never the query. */
function sitePath(schemaPath: string, pathParams: object | undefined): string {
  if (!pathParams) return schemaPath;
  const values = pathParams as Record<string, unknown>;
  return schemaPath.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    values[name] === undefined ? placeholder : encodeURIComponent(String(values[name])),
  );
}
