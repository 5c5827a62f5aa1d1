import { ApiError, type CallContext, flag } from "./context.ts";

type Key = number | bigint;

/** A list paged by a cursor: its rows newest first, and how a row's key reads and writes in both generations. */
export interface PagedList<T> {
  rows: readonly T[];
  /** The order of the list (descending): an ID, or a `last_update` (distinct in the store). */
  key: (row: T) => Key;
  /** v1 `meta.next_after` for the row (an ID as the request asks IDs, or a timestamp). */
  cursor: (row: T) => unknown;
  /** v2 `next_*_position` for the row: `[id]` or `[timestamp, id]`. */
  position: (row: T) => unknown[];
  /** The key a v1 `after` or the first item of a v2 position names. */
  keyOf: (text: string) => Key | undefined;
}

/**
 * One page of a list, as the request asks: v1 (`after`, `count` -> `meta.next_after`) unless it sends a v2
 * argument (`paginate_position`, `paginate_count`, `paginate_direction`, `paginate_including`,
 * `paginate_page_order` -> `meta.next_before_position` / `next_after_position`). Keys are distinct, so a
 * cursor names one row and no row is skipped or repeated.
 */
export function pageOf<T>(
  context: CallContext,
  list: PagedList<T>,
): { page: T[]; meta: Record<string, unknown> } {
  const q = context.query;
  const v2 = Object.keys(q).some((name) => name.startsWith("paginate_"));
  return v2 ? positionPage(q, list) : afterPage(q, list);
}

function afterPage<T>(q: Record<string, unknown>, list: PagedList<T>) {
  const after = q.after === undefined ? undefined : readKey(list, String(q.after), "after");
  const count = typeof q.count === "number" ? q.count : 20;
  const start = after === undefined ? 0 : list.rows.findIndex((row) => list.key(row) < after);
  const page = start < 0 ? [] : list.rows.slice(start, start + count);
  const last = page.at(-1);
  const more = start >= 0 && list.rows.length > start + count;
  return { page, meta: { next_after: more && last ? list.cursor(last) : null } };
}

function positionPage<T>(q: Record<string, unknown>, list: PagedList<T>) {
  const count = typeof q.paginate_count === "number" ? q.paginate_count : 20;
  const direction = typeof q.paginate_direction === "string" ? q.paginate_direction : "before";
  const including = flag(q.paginate_including, false);
  const position = Array.isArray(q.paginate_position) ? q.paginate_position : undefined;
  // `[id]` or `[timestamp, id]`: the first item is the key the list is ordered by.
  const at = position === undefined ? undefined : readKey(list, String(position[0]), "paginate_position");
  const rows = list.rows;
  const older = (row: T) => at === undefined || list.key(row) < at || (including && list.key(row) === at);
  const newer = (row: T) => at !== undefined && (list.key(row) > at || (including && list.key(row) === at));
  let page: T[];
  if (at === undefined || direction === "before") page = rows.filter(older).slice(0, count);
  else if (direction === "after") page = rows.filter(newer).slice(-count);
  else
    page = [
      ...rows.filter(newer).slice(-Math.floor(count / 2)),
      ...rows.filter(older).slice(0, Math.ceil(count / 2)),
    ];
  const newest = page[0];
  const oldest = page.at(-1);
  const olderLeft = oldest !== undefined && rows.some((row) => list.key(row) < list.key(oldest));
  const newerLeft = newest !== undefined && rows.some((row) => list.key(row) > list.key(newest));
  return {
    page: q.paginate_page_order === "asc" ? [...page].reverse() : page,
    meta: {
      next_before_position: olderLeft && oldest ? list.position(oldest) : null,
      next_after_position: newerLeft && newest ? list.position(newest) : null,
    },
  };
}

function readKey<T>(list: PagedList<T>, text: string, argument: string): Key {
  const key = list.keyOf(text);
  if (key === undefined) {
    throw new ApiError(
      400,
      "BadRequest",
      `${argument} must be a cursor of the previous page, sent back as received`,
    );
  }
  return key;
}

/** A list paged by ID (parts, events): `next_after` and positions carry the ID as the request asks IDs. */
export function byId<T extends { id: string }>(context: CallContext, rows: readonly T[]): PagedList<T> {
  return {
    rows,
    key: (row) => BigInt(row.id),
    cursor: (row) => context.ids(row.id),
    position: (row) => [context.ids(row.id)],
    keyOf: (text) => (/^[0-9]{1,20}$/.test(text) ? BigInt(text) : undefined),
  };
}

/** Keys of lists paged by time (conversations). */
export function timeKey(text: string): number | undefined {
  const value = Number(text);
  return text.trim() !== "" && Number.isFinite(value) ? value : undefined;
}
