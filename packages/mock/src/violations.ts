/** One reason Prism gives for a request or response that breaks the spec. */
export interface Violation {
  /** Where, e.g. `["request", "body", "operations", "0", "op"]`. */
  location: string[];
  severity: "Error" | "Warning" | "Information" | "Hint";
  code: string | number;
  message: string;
}

/** The reasons Prism attached to a response (its `sl-violations` header); empty when there are none. */
export function readViolations(response: Response): Violation[] {
  const header = response.headers.get("sl-violations");
  if (!header) return [];
  try {
    const parsed: unknown = JSON.parse(header);
    return Array.isArray(parsed) ? (parsed as Violation[]) : [];
  } catch {
    return [{ location: [], severity: "Error", code: "unreadable", message: header }];
  }
}

/** One line a violation: `request.body.operations.0.op: Request body property ... must be ...`. */
export function formatViolations(violations: readonly Violation[]): string {
  return violations
    .map((violation) => `  - ${violation.location.join(".") || "(request)"}: ${violation.message}`)
    .join("\n");
}

/** Thrown by the strict fetch when Prism says a request (or proxied response) broke the spec. */
export class ContractViolationError extends Error {
  override name = "ContractViolationError";
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly violations: readonly Violation[],
  ) {
    super(
      `${method} ${url} broke the Dashly API spec (mock answered ${status}):\n${formatViolations(violations)}`,
    );
  }
}

/**
 * Wraps `fetch` so that any response Prism marks with error-level violations throws a
 * `ContractViolationError` listing the reasons, instead of passing as an ordinary 4xx. Hand it to the code
 * under test (e.g. a client's `fetch` option) to make a contract test fail on the first request that breaks
 * the spec. The auth token is removed from the URL shown.
 */
export function strictFetch(inner: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    const errors = readViolations(response).filter((violation) => violation.severity === "Error");
    if (errors.length === 0) return response;
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.searchParams.has("auth_token")) url.searchParams.set("auth_token", "[redacted]");
    throw new ContractViolationError(method.toUpperCase(), url.toString(), response.status, errors);
  };
}
