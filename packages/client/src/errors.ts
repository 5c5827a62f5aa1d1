/** The `meta` of a Dashly answer, as far as errors need it. */
export interface ErrorMeta {
  status?: number;
  error?: string;
  error_message?: string;
  error_fields?: Record<string, unknown>;
  [key: string]: unknown;
}

/** Where a failed call went. */
export interface CallSite {
  /** `GET`, `POST`, `DELETE`. */
  method: string;
  /** The API path with IDs filled in, relative to the base URL (`/users/42`); never the query, which may hold the token. */
  path: string;
}

/**
 * The root of every error a call of the client throws: `instanceof DashlyError` catches them all. Two kinds
 * pass through unchanged instead, because they are the caller's own: the reason of the caller's `signal`,
 * and an error the caller's `fetch` throws that is not a network failure (e.g. `ContractViolationError`).
 */
export class DashlyError extends Error {
  override name = "DashlyError";
  readonly method: string;
  readonly path: string;

  constructor(site: CallSite, message: string, options?: { cause: unknown }) {
    super(`${site.method} ${site.path} ${message}`, options);
    this.method = site.method;
    this.path = site.path;
  }
}

/** Hides a property from `console.log`, `util.inspect` and `JSON.stringify` while keeping it readable. */
function attachQuietly(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: false, writable: false, configurable: true });
}

/**
 * Any error answer of the Dashly API. `error` is the API's own name for it (`meta.error`); the subclass is
 * chosen by that name. The `response` is attached but kept out of logs.
 */
export class DashlyApiError extends DashlyError {
  override name = "DashlyApiError";
  /** HTTP status (equal to `meta.status` when the API sent one). */
  readonly status: number;
  /** The API's error name, e.g. `ValidationError`; `undefined` when the answer had no envelope. */
  readonly error: string | undefined;
  readonly meta: ErrorMeta;
  declare readonly response: Response;

  constructor(site: CallSite, status: number, meta: ErrorMeta, response: Response) {
    const reason = meta.error_message ?? meta.error ?? `HTTP ${status}`;
    super(site, `failed with ${status}${meta.error ? ` ${meta.error}` : ""}: ${reason}`);
    this.status = status;
    this.error = meta.error;
    this.meta = meta;
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

/**
 * The request got no answer, or no whole one: DNS, a refused or reset connection, an answer cut off before its
 * end (fetch's `TypeError: terminated`)... `cause` holds the original error, the token scrubbed from it.
 */
export class DashlyConnectionError extends DashlyError {
  override name = "DashlyConnectionError";
  /** How many times the request was sent. */
  readonly attempts: number;
  constructor(site: CallSite, options: { cause: unknown; attempts: number }) {
    super(site, `got no answer after ${options.attempts} attempt(s): ${describe(options.cause)}`, options);
    this.attempts = options.attempts;
  }
}

/** No answer (headers and body) within the client's `timeoutMs`, on every attempt made. */
export class DashlyTimeoutError extends DashlyError {
  override name = "DashlyTimeoutError";
  readonly timeoutMs: number;
  /** How many times the request was sent. */
  readonly attempts: number;
  constructor(site: CallSite, options: { timeoutMs: number; attempts: number }) {
    super(site, `got no answer within ${options.timeoutMs} ms (${options.attempts} attempt(s))`);
    this.timeoutMs = options.timeoutMs;
    this.attempts = options.attempts;
  }
}

/**
 * The rate-limit store failed (e.g. Redis is down): the request was not sent, since sending it unpaced could
 * exceed the budget the store guards. `cause` holds the store's error.
 */
export class DashlyRateLimitStoreError extends DashlyError {
  override name = "DashlyRateLimitStoreError";
  constructor(site: CallSite, cause: unknown) {
    super(site, `was not sent: the rate-limit store failed: ${describe(cause)}`, { cause });
  }
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

/** Why an attempt got no answer: the transport's word for it, turned into an error by `noAnswerError`. */
export interface NoAnswer {
  reason: "network" | "timeout";
  error: unknown;
}

/** The error for a call whose last attempt got no (whole) answer. */
export function noAnswerError(
  site: CallSite,
  failure: NoAnswer,
  attempts: number,
  timeoutMs: number,
): DashlyError {
  return failure.reason === "timeout"
    ? new DashlyTimeoutError(site, { timeoutMs, attempts })
    : new DashlyConnectionError(site, { cause: failure.error, attempts });
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : "";
    return `${cause.message}${inner}`;
  }
  return String(cause);
}
