/** The `meta` of a Dashly answer, as far as errors need it. */
export interface ErrorMeta {
  status?: number;
  error?: string;
  error_message?: string;
  error_fields?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Where a failed call went: method and path, never the query (which may hold the token). */
export interface CallSite {
  method: string;
  path: string;
}

/** Hides a property from `console.log`, `util.inspect` and `JSON.stringify` while keeping it readable. */
function attachQuietly(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: false, writable: false, configurable: true });
}

/**
 * Any error answer of the Dashly API. `error` is the API's own name for it (`meta.error`); the subclass is
 * chosen by that name. The `response` is attached but kept out of logs: its URL can carry the token.
 */
export class DashlyApiError extends Error {
  override name = "DashlyApiError";
  /** HTTP status (equal to `meta.status` when the API sent one). */
  readonly status: number;
  /** The API's error name, e.g. `ValidationError`; `undefined` when the answer had no envelope. */
  readonly error: string | undefined;
  readonly meta: ErrorMeta;
  readonly method: string;
  readonly path: string;
  declare readonly response: Response;

  constructor(site: CallSite, status: number, meta: ErrorMeta, response: Response) {
    const reason = meta.error_message ?? meta.error ?? `HTTP ${status}`;
    super(
      `${site.method} ${site.path} failed with ${status}${meta.error ? ` ${meta.error}` : ""}: ${reason}`,
    );
    this.status = status;
    this.error = meta.error;
    this.meta = meta;
    this.method = site.method;
    this.path = site.path;
    attachQuietly(this, "response", response);
  }
}

/** `NotAuthenticated` (401): the token is wrong, expired or missing. */
export class DashlyNotAuthenticatedError extends DashlyApiError {
  override name = "DashlyNotAuthenticatedError";
}

/** `PermissionDeniedError` (403): the token may not reach this data, e.g. another app's. */
export class DashlyPermissionDeniedError extends DashlyApiError {
  override name = "DashlyPermissionDeniedError";
}

/** `TooManyRequests` (429), once the client's retries are spent. */
export class DashlyTooManyRequestsError extends DashlyApiError {
  override name = "DashlyTooManyRequestsError";
  /** Seconds the server asked to wait (`Retry-After`), when it said. */
  get retryAfter(): number | undefined {
    const header = this.response.headers.get("retry-after");
    const seconds = header === null ? Number.NaN : Number(header);
    return Number.isFinite(seconds) ? seconds : undefined;
  }
}

/** `ValidationError` (400): arguments missing or invalid; `fields` says which. */
export class DashlyValidationError extends DashlyApiError {
  override name = "DashlyValidationError";
  get fields(): Record<string, unknown> {
    return this.meta.error_fields ?? {};
  }
}

/** `BadRequest` (400): the request could not be understood. */
export class DashlyBadRequestError extends DashlyApiError {
  override name = "DashlyBadRequestError";
}

/** `LookupError` (400): an ID in the request names nothing, e.g. an unknown User ID with `by_user_id`. */
export class DashlyLookupError extends DashlyApiError {
  override name = "DashlyLookupError";
}

/** `Error404` (404): no such API method. */
export class DashlyNotFoundError extends DashlyApiError {
  override name = "DashlyNotFoundError";
}

/** `MethodNotAllowed` (405). */
export class DashlyMethodNotAllowedError extends DashlyApiError {
  override name = "DashlyMethodNotAllowedError";
}

/** `Error500` or any 5xx: the service failed. */
export class DashlyServerError extends DashlyApiError {
  override name = "DashlyServerError";
}

type ApiErrorClass = new (
  site: CallSite,
  status: number,
  meta: ErrorMeta,
  response: Response,
) => DashlyApiError;

const classByName: Record<string, ApiErrorClass> = {
  NotAuthenticated: DashlyNotAuthenticatedError,
  AuthenticationFailed: DashlyNotAuthenticatedError,
  PermissionDeniedError: DashlyPermissionDeniedError,
  PermissionDenied: DashlyPermissionDeniedError,
  TooManyRequests: DashlyTooManyRequestsError,
  ValidationError: DashlyValidationError,
  BadRequest: DashlyBadRequestError,
  LookupError: DashlyLookupError,
  Error404: DashlyNotFoundError,
  MethodNotAllowed: DashlyMethodNotAllowedError,
  Error500: DashlyServerError,
};

const classByStatus: Record<number, ApiErrorClass> = {
  401: DashlyNotAuthenticatedError,
  403: DashlyPermissionDeniedError,
  404: DashlyNotFoundError,
  405: DashlyMethodNotAllowedError,
  429: DashlyTooManyRequestsError,
};

/** The error for an answer: by `meta.error` when the API named it, else by HTTP status. */
export function apiError(
  site: CallSite,
  status: number,
  meta: ErrorMeta,
  response: Response,
): DashlyApiError {
  const named = meta.error === undefined ? undefined : classByName[meta.error];
  const ErrorClass =
    named ??
    (meta.error === undefined ? classByStatus[status] : undefined) ??
    (meta.error === undefined && status >= 500 ? DashlyServerError : DashlyApiError);
  return new ErrorClass(site, status, meta, response);
}

/**
 * The request got no answer, or no whole one: DNS, a refused or reset connection, an answer cut off before its
 * end (fetch's `TypeError: terminated`)... `cause` holds the original error.
 */
export class DashlyConnectionError extends Error {
  override name = "DashlyConnectionError";
  /** How many times the request was sent. */
  readonly attempts: number;
  constructor(
    readonly method: string,
    readonly path: string,
    options: { cause: unknown; attempts: number },
  ) {
    super(
      `${method} ${path} got no answer after ${options.attempts} attempt(s): ${describe(options.cause)}`,
      {
        cause: options.cause,
      },
    );
    this.attempts = options.attempts;
  }
}

/** No answer within the client's `timeoutMs`. */
export class DashlyTimeoutError extends Error {
  override name = "DashlyTimeoutError";
  constructor(
    readonly method: string,
    readonly path: string,
    readonly timeoutMs: number,
    /** How many times the request was sent. */
    readonly attempts: number,
  ) {
    super(`${method} ${path} got no answer within ${timeoutMs} ms (${attempts} attempt(s))`);
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : "";
    return `${cause.message}${inner}`;
  }
  return String(cause);
}
