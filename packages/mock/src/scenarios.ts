/** A documented response to ask the mock for instead of the default 200. */
export interface Scenario {
  /** HTTP status of a documented response, e.g. 429. */
  code?: number;
  /** Name of a documented example, e.g. `"lookup"` (the `LookupError` example of the 400 response). */
  example?: string;
  /** Generate this response from its schema instead of answering an example. */
  dynamic?: boolean;
}

/**
 * The `Prefer` header that makes Prism answer `scenario`: spread it into a request's headers, e.g.
 * `dashly.GET("/users/{id}", { params, headers: prefer({ code: 429 }) })`.
 */
export function prefer(scenario: Scenario): { Prefer: string } {
  const parts: string[] = [];
  if (scenario.code !== undefined) parts.push(`code=${scenario.code}`);
  if (scenario.example !== undefined) parts.push(`example=${scenario.example}`);
  if (scenario.dynamic !== undefined) parts.push(`dynamic=${scenario.dynamic}`);
  if (parts.length === 0) throw new TypeError("A scenario needs a code, an example or dynamic");
  return { Prefer: parts.join(", ") };
}
