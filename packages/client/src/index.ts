export { createDashlyClient, type DashlyClient, type DashlyClientOptions } from "./client.ts";
export type { DashlyResult } from "./envelope.ts";
export {
  DashlyApiError,
  DashlyBadRequestError,
  DashlyConnectionError,
  DashlyLookupError,
  DashlyMethodNotAllowedError,
  DashlyNotAuthenticatedError,
  DashlyNotFoundError,
  DashlyPermissionDeniedError,
  DashlyServerError,
  DashlyTimeoutError,
  DashlyTooManyRequestsError,
  DashlyValidationError,
  type ErrorMeta,
} from "./errors.ts";
export type { Paginator } from "./paginate.ts";
export { MemoryRateLimitStore, type RateLimitOptions, type RateLimitStore } from "./transport/rate-limit.ts";
export type { RetryEvent, RetryOptions } from "./transport/transport.ts";
export type {
  CallResult,
  CursorPagedPath,
  components,
  OffsetPagedPath,
  operations,
  PagedPath,
  PageItem,
  paths,
  SuccessEnvelope,
  webhooks,
} from "./types.ts";
