const nextAfterToken = /"next_after"\s*:\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

/**
 * The cursor as the exact text the server sent. `JSON.parse` turns `1447339319.900966` into a double, and
 * printing that double back may not give the same digits; the API wants its cursor back unchanged. Among the
 * `"next_after": <number>` tokens of the raw answer, the one that parses to the parsed value is the one in
 * `meta`.
 */
export function exactCursor(rawBody: string, parsed: number): string {
  for (const match of rawBody.matchAll(nextAfterToken)) {
    const token = match[1] as string;
    if (Number(token) === parsed) return token;
  }
  return String(parsed);
}
