import { ApiError } from "./context.ts";

/** `after` of a list paged by ID (parts, events): the ID of the last row seen. */
export function idCursor(after: unknown): bigint | undefined {
  if (after === undefined) return undefined;
  const text = String(after);
  if (!/^[0-9]{1,20}$/.test(text))
    throw new ApiError(400, "BadRequest", "after must be the next_after of the previous page (an ID)");
  return BigInt(text);
}

/** `after` of a list paged by time (conversations): the `last_update` of the last row seen. */
export function timeCursor(after: unknown): number | undefined {
  if (after === undefined) return undefined;
  const value = Number(after);
  if (!Number.isFinite(value))
    throw new ApiError(400, "BadRequest", "after must be the next_after of the previous page (a timestamp)");
  return value;
}

export function countOf(count: unknown): number {
  return typeof count === "number" ? count : 20;
}
