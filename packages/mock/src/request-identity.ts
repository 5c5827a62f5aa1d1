import { createHash } from "node:crypto";
import { withoutTrailingSlash } from "./wire/rules.ts";

/** Never kept: the token is a secret, and it says nothing about which operation a request is. */
const secretFields = new Set(["auth_token"]);

function sortedFields(fields: URLSearchParams): string {
  const kept = [...fields].filter(([name]) => !secretFields.has(name));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new URLSearchParams(kept).toString();
}

/** `POST /conversations/1/reply`: method and path, no query; with or without a trailing slash, as Dashly reads it. */
export function routeOf(method: string, url: URL): string {
  return `${method} ${withoutTrailingSlash(url.pathname)}`;
}

/** The route and its query, fields sorted and the token left out: which operation a request asks for. */
export function operationOf(method: string, url: URL): string {
  const query = sortedFields(url.searchParams);
  return query === "" ? routeOf(method, url) : `${routeOf(method, url)}?${query}`;
}

/**
 * The operation and its body: two requests with the same identity are the same request sent twice (a retry
 * re-sends the very same body, `random_id` included). A form (`form`, read by `formFields`) is shown field by
 * field, sorted; any other body by a hash, to keep the key short.
 */
export function identityOf(
  method: string,
  url: URL,
  form: URLSearchParams | undefined,
  body: Buffer,
): string {
  const operation = operationOf(method, url);
  if (body.length === 0) return operation;
  const payload =
    form === undefined
      ? `sha256:${createHash("sha256").update(body).digest("hex").slice(0, 16)}`
      : sortedFields(form);
  return `${operation} ${payload}`;
}

/** The fields of a url-encoded form body; undefined for any other content type. */
export function formFields(contentType: string | undefined, body: Buffer): URLSearchParams | undefined {
  const isForm = contentType?.split(";", 1)[0]?.trim().toLowerCase() === "application/x-www-form-urlencoded";
  return isForm ? new URLSearchParams(body.toString("utf8")) : undefined;
}
