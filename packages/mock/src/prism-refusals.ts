import type { IncomingHttpHeaders } from "node:http";
import type { Violation } from "./violations.ts";
import { type DashlyErrorEnvelope, dashlyError, validationError } from "./wire/envelope.ts";

/** Dashly's name and message for a refusal Prism words as problem+json, by status. */
const byStatus: Record<number, [error: string, message: string]> = {
  400: ["BadRequest", "The request could not be understood by the server due to malformed syntax"],
  401: ["NotAuthenticated", "Invalid (or missing) auth token"],
  403: ["PermissionDeniedError", "You do not have permission to perform this action"],
  404: ["Error404", "API method does not exist"],
  405: ["MethodNotAllowed", "Invalid http method"],
  429: ["TooManyRequests", "Request limit quantity exceeded"],
};

const serverError: [string, string] = ["Error500", "Internal service error"];

export function parseViolations(header: string | string[] | undefined): Violation[] {
  if (typeof header !== "string") return [];
  try {
    const parsed: unknown = JSON.parse(header);
    return Array.isArray(parsed) ? (parsed as Violation[]) : [];
  } catch {
    return [];
  }
}

/**
 * Whether Prism's answer is Prism refusing the request (rather than an answer of the spec, e.g. one picked
 * with `Prefer: code=400`): problem+json, or a 400/422 that comes with error-level request violations.
 */
export function isPrismRefusal(status: number, headers: IncomingHttpHeaders): boolean {
  if (status < 400) return false;
  if (headers["content-type"]?.startsWith("application/problem+json")) return true;
  return (
    (status === 400 || status === 422) && requestErrors(parseViolations(headers["sl-violations"])).length > 0
  );
}

const requestErrors = (violations: readonly Violation[]) =>
  violations.filter((violation) => violation.severity === "Error" && violation.location[0] === "request");

/**
 * The Dashly answer for a Prism refusal: a 400 `ValidationError` whose `error_fields` list Prism's reasons
 * (not the spec's canned example), or the envelope Dashly sends for Prism's problem+json statuses. Also the
 * violations to keep in `sl-violations` (Prism's, or one made from its problem's detail).
 */
export function dashlyRefusal(
  status: number,
  headers: IncomingHttpHeaders,
  body: Buffer,
): { status: number; envelope: DashlyErrorEnvelope; violations: Violation[] } {
  const violations = parseViolations(headers["sl-violations"]);
  const errors = requestErrors(violations);
  if (errors.length > 0 && (status === 400 || status === 422))
    return { status: 400, envelope: validationError(errors), violations };
  const answered = status === 422 ? 400 : status;
  const [error, fallback] =
    byStatus[answered] ?? (answered < 500 ? byStatus[400] : serverError) ?? serverError;
  let message = fallback;
  try {
    const problem = JSON.parse(body.toString("utf8")) as { title?: unknown; detail?: unknown };
    const said = [problem.title, problem.detail].filter((part) => typeof part === "string").join(": ");
    if (said) message = said; // Prism's own words say why, e.g. "Requested status code 418 is not defined"
  } catch {
    // not JSON: the status says enough
  }
  const reasons: Violation[] =
    violations.length > 0
      ? violations
      : [{ location: ["request"], severity: "Error", code: status, message }];
  return { status: answered, envelope: dashlyError(answered, error, message), violations: reasons };
}
