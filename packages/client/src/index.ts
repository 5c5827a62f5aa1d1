export { createDashlyClient, type DashlyClient, type DashlyClientOptions } from "./client.ts";
export type { DashlyResult } from "./envelope.ts";
export {
  type CallSite,
  DashlyApiError,
  DashlyBadRequestError,
  DashlyConnectionError,
  DashlyError,
  DashlyLookupError,
  DashlyMethodNotAllowedError,
  DashlyNotAuthenticatedError,
  DashlyNotFoundError,
  DashlyPermissionDeniedError,
  DashlyRateLimitStoreError,
  DashlyServerError,
  DashlyTimeoutError,
  DashlyTooManyRequestsError,
  DashlyValidationError,
  type ErrorMeta,
} from "./errors.ts";
export type {
  ClientEventName,
  ClientEvents,
  DashlyLogger,
  RequestEvent,
  ResponseEvent,
  RetryEvent,
  WaitEvent,
} from "./events.ts";
export type { Page, Paginator } from "./paginate.ts";
export type { RateLimitOptions } from "./transport/pacing.ts";
export {
  MemoryRateLimitStore,
  type RateLimitStore,
  type RateLimitTake,
  type RateLimitTakeOptions,
} from "./transport/rate-limit.ts";
export type { RetryOptions, RetryReason } from "./transport/retry.ts";
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
