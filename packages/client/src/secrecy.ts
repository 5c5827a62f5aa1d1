/**
 * Keeps the API token out of what the client reports. The client never writes the token into a message, but
 * an error it wraps (fetch's, a URL parser's) may quote the request URL, whose query carries `auth_token`.
 */
export interface Secret {
  /** `text` with every occurrence of the token (as written, or percent-encoded) replaced by `[redacted]`. */
  redact(text: string): string;
  /**
   * `error` itself when nothing in it (message, stack, cause chain) shows the token; else a copy of the same
   * name and message that does not. A copy, because the original may be shared with code that is not ours.
   */
  scrub(error: unknown): unknown;
}

export function secretOf(token: string): Secret {
  const forms = [
    ...new Set([token, encodeURIComponent(token), new URLSearchParams({ t: token }).toString().slice(2)]),
  ];
  const shows = (text: unknown): boolean =>
    typeof text === "string" && forms.some((form) => text.includes(form));
  const redact = (text: string): string =>
    forms.reduce((kept, form) => kept.split(form).join("[redacted]"), text);

  function showsToken(error: unknown, depth = 0): boolean {
    if (depth > 8) return false;
    if (!(error instanceof Error)) return shows(String(error));
    return shows(error.message) || shows(error.stack) || showsToken(error.cause, depth + 1);
  }

  function scrub(error: unknown): unknown {
    if (!showsToken(error)) return error;
    if (!(error instanceof Error)) return redact(String(error));
    const copy = new Error(
      redact(error.message),
      error.cause === undefined ? undefined : { cause: scrub(error.cause) },
    );
    copy.name = error.name;
    copy.stack = redact(error.stack ?? "");
    return copy;
  }

  return { redact, scrub };
}
