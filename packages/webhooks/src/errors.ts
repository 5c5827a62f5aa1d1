/** Why a delivery was refused. */
export type WebhookErrorCode =
  | "missing_token"
  | "wrong_token"
  | "wrong_content_type"
  | "unknown_type"
  | "malformed_field"
  | "invalid_payload"
  | "body_too_large";

// The answer a receiver should give. Dashly retries anything but a 200, which is right for all of these:
// a misconfigured token or a too-small limit can be fixed while the retries run.
const STATUS_BY_CODE: Readonly<Record<WebhookErrorCode, number>> = {
  missing_token: 401,
  wrong_token: 401,
  wrong_content_type: 415,
  unknown_type: 400,
  malformed_field: 400,
  invalid_payload: 400,
  body_too_large: 413,
};

/**
 * A delivery that was refused. `code` says why, `status` is the HTTP status to answer with. Messages name
 * fields and reasons but never carry the configured token.
 */
export class WebhookError extends Error {
  override name = "WebhookError";
  readonly code: WebhookErrorCode;
  /** HTTP status to answer: 401 for token errors, 415 for the content type, 413 for a too-large body, 400 otherwise. */
  readonly status: number;

  constructor(code: WebhookErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.status = STATUS_BY_CODE[code];
  }
}

/** The `token` field is missing or differs from the configured token. */
export class WebhookAuthenticationError extends WebhookError {
  override name = "WebhookAuthenticationError";
  declare readonly code: "missing_token" | "wrong_token";

  constructor(code: "missing_token" | "wrong_token", message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}

/** The request is not `application/x-www-form-urlencoded`. */
export class WebhookContentTypeError extends WebhookError {
  override name = "WebhookContentTypeError";
  declare readonly code: "wrong_content_type";

  constructor(message: string, options?: ErrorOptions) {
    super("wrong_content_type", message, options);
  }
}

/** The body is too large, or its fields do not make a delivery the spec describes. */
export class WebhookPayloadError extends WebhookError {
  override name = "WebhookPayloadError";
  declare readonly code: "unknown_type" | "malformed_field" | "invalid_payload" | "body_too_large";

  constructor(
    code: "unknown_type" | "malformed_field" | "invalid_payload" | "body_too_large",
    message: string,
    options?: ErrorOptions,
  ) {
    super(code, message, options);
  }
}
