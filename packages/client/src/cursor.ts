/**
 * Cursors as the exact text the server sent. `JSON.parse` turns `1447339319.900966` into a double and
 * `1160406004324630614` into `1160406004324630500`; printing those back does not give the same digits, and
 * the API wants its cursor back unchanged. So a cursor is taken from the raw answer: among the tokens of
 * the key, the one that parses to the parsed value is the one in `meta`.
 */

const numberText = String.raw`-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?`;
const nextAfterToken = new RegExp(String.raw`"next_after"\s*:\s*(${numberText})`, "g");

/** The v1 cursor (`meta.next_after`, a number) as written in `rawBody`. */
export function exactCursor(rawBody: string, parsed: number): string {
  for (const match of rawBody.matchAll(nextAfterToken)) {
    const token = match[1] as string;
    if (Number(token) === parsed) return token;
  }
  return String(parsed);
}

/** The keys of the v2 cursors (`[id]` or `[timestamp, id]`, ids as numbers or strings). */
export type PositionKey = "next_before_position" | "next_after_position";

/**
 * A v2 position (`meta.next_before_position` or `next_after_position`) as the JSON text written in `rawBody`,
 * e.g. `[1684739969.358085,1160406004324630614]`, ready to go back as `paginate_position`.
 */
export function exactPosition(rawBody: string, key: PositionKey, parsed: readonly unknown[]): string {
  const token = new RegExp(String.raw`"${key}"\s*:\s*(\[[^\]]*\])`, "g");
  for (const match of rawBody.matchAll(token)) {
    const text = match[1] as string;
    if (samePosition(text, parsed)) return text;
  }
  return JSON.stringify(parsed);
}

function samePosition(text: string, parsed: readonly unknown[]): boolean {
  let candidate: unknown;
  try {
    candidate = JSON.parse(text);
  } catch {
    return false;
  }
  return (
    Array.isArray(candidate) &&
    candidate.length === parsed.length &&
    candidate.every((value, index) => Object.is(value, parsed[index]))
  );
}
