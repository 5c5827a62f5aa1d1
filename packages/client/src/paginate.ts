/**
 * Pagination: walks the pages of a paged operation, one request per page, as they are consumed. Three ways
 * to page, chosen per answer: v1 `after` / `meta.next_after`; v2 `paginate_position` + `paginate_direction` /
 * `meta.next_before_position` or `next_after_position`; and `offset` / `limit` for the app's users.
 */
import { exactPosition, type PositionKey } from "./cursor.ts";

/** One page of a walk. */
export interface Page<Item> {
  items: Item[];
  /** The cursor this page was fetched from; `null` for the walk's first page. */
  cursor: string | null;
  /**
   * Where the walk goes on: save it, and `paginate(path, init).from(next)` resumes with the page after this
   * one. `null` on the last page. A short text (`after:…`, `position:before:[…]`, `offset:…`): the server's
   * cursor exactly as it wrote it, never rounded.
   */
  next: string | null;
  /** 1 for the walk's first page, then 2, 3...: progress for a long job. */
  number: number;
}

/** The items of every page of a paged operation, fetched one page at a time as they are consumed. */
export interface Paginator<Item> extends AsyncIterable<Item> {
  /** Page by page, each with its items and the cursor to resume from. */
  pages(): AsyncIterable<Page<Item>>;
  /** The same walk, resumed from a page's `next` cursor. */
  from(cursor: string): Paginator<Item>;
  /** Collects the items, at most `limit` of them: a paged list can be very long, so a cap is required. */
  toArray(options: { limit: number }): Promise<Item[]>;
}

interface PageInit {
  params?: { path?: object; query?: Record<string, unknown> };
  [option: string]: unknown;
}

/** A GET through the client that resolves to the unwrapped answer and its raw text (for exact cursors). */
export type PageFetcher = (
  path: string,
  init: PageInit,
) => Promise<{ data: unknown; meta: Record<string, unknown>; text: string }>;

type Walk = (
  get: PageFetcher,
  path: string,
  init: PageInit | undefined,
  from: string | null,
) => AsyncGenerator<Page<unknown>>;

export function createPaginator<Item>(
  get: PageFetcher,
  path: string,
  init: PageInit | undefined,
  from: string | null = null,
): Paginator<Item> {
  const walk: Walk = path === "/apps/{id}/users" ? offsetPages : cursorPages;
  const pages = () => walk(get, path, init, from) as AsyncGenerator<Page<Item>>;
  async function* items(): AsyncGenerator<Item> {
    for await (const page of pages()) yield* page.items;
  }
  return {
    [Symbol.asyncIterator]: items,
    pages,
    from(cursor) {
      const parsed = typeof cursor === "string" ? parseCursor(cursor) : undefined;
      // An offset resumes the app's users only; `after:` and `position:` resume the cursor operations only.
      if (parsed === undefined || (parsed.kind === "offset") !== (walk === offsetPages))
        throw new TypeError("from() takes the `next` of a page of this operation, e.g. `after:7936756`");
      return createPaginator(get, path, init, cursor);
    },
    async toArray({ limit }) {
      if (!Number.isInteger(limit) || limit < 1)
        throw new RangeError(`toArray needs a positive integer limit, got ${limit}`);
      const collected: Item[] = [];
      for await (const item of items()) {
        collected.push(item);
        if (collected.length >= limit) break;
      }
      return collected;
    },
  };
}

type Direction = "before" | "after";
type Cursor =
  | { kind: "after"; after: string }
  | { kind: "position"; direction: Direction; position: string }
  | { kind: "offset"; offset: number };

const cursorPattern = /^(?:after:(.+)|position:(before|after):(\[.*\])|offset:(\d+))$/s;

function parseCursor(text: string): Cursor | undefined {
  const match = cursorPattern.exec(text);
  if (match === null) return undefined;
  const [, after, direction, position, offset] = match;
  if (after !== undefined) return { kind: "after", after };
  if (direction !== undefined && position !== undefined)
    return { kind: "position", direction: direction as Direction, position };
  return { kind: "offset", offset: Number(offset) };
}

const withQuery = (init: PageInit | undefined, query: Record<string, unknown>): PageInit => ({
  ...init,
  params: { ...init?.params, query: { ...init?.params?.query, ...query } },
});

/** The query that asks for the page at `cursor`. */
function cursorQuery(cursor: Cursor | undefined): Record<string, unknown> {
  if (cursor === undefined) return {};
  if (cursor.kind === "after") return { after: cursor.after };
  if (cursor.kind === "position")
    return { paginate_position: cursor.position, paginate_direction: cursor.direction };
  return {};
}

/**
 * The cursor of the page after this answer, or null when there is none: v1 `next_after` (already the exact
 * text, see `unwrap`), else the v2 position of the direction travelled (the caller's `paginate_direction`,
 * else the one the answer carries, `before` first: the API's default order is newest first).
 */
function nextCursor(
  meta: Record<string, unknown>,
  text: string,
  travelling: Direction | undefined,
): string | null {
  const after = meta.next_after;
  if (typeof after === "string" || typeof after === "number") return `after:${after}`;
  const directions: Direction[] = travelling === undefined ? ["before", "after"] : [travelling];
  for (const direction of directions) {
    const key: PositionKey = `next_${direction}_position`;
    const position = meta[key];
    if (Array.isArray(position) && position.length > 0)
      return `position:${direction}:${exactPosition(text, key, position)}`;
  }
  return null;
}

/**
 * Pages of a cursor operation. The cursor goes back exactly as received; the walk ends when the answer has
 * none, on an empty page, or when the cursor does not move (which would loop forever).
 */
async function* cursorPages(
  get: PageFetcher,
  path: string,
  init: PageInit | undefined,
  from: string | null,
): AsyncGenerator<Page<unknown>> {
  const query = init?.params?.query ?? {};
  const askedDirection = query.paginate_direction;
  let travelling: Direction | undefined =
    askedDirection === "before" || askedDirection === "after" ? askedDirection : undefined;
  let cursor: string | null =
    from ?? (query.after !== undefined && query.after !== null ? `after:${String(query.after)}` : null);
  for (let number = 1; ; number++) {
    const parsed = cursor === null ? undefined : parseCursor(cursor);
    if (parsed?.kind === "position") travelling = parsed.direction;
    const { data, meta, text } = await get(path, withQuery(init, cursorQuery(parsed)));
    const items = data as unknown[];
    let next = nextCursor(meta, text, travelling);
    if (items.length === 0 || next === cursor) next = null;
    if (items.length > 0) yield { items, cursor, next, number };
    if (next === null) return;
    cursor = next;
  }
}

/**
 * Pages of `GET /apps/{id}/users` (`offset` / `limit`). The docs warn that a user may show up on two pages;
 * each user is yielded once per walk. A page shorter than `limit` is the last.
 */
async function* offsetPages(
  get: PageFetcher,
  path: string,
  init: PageInit | undefined,
  from: string | null,
): AsyncGenerator<Page<unknown>> {
  const query = init?.params?.query ?? {};
  const limit = typeof query.limit === "number" ? query.limit : 20;
  const resumed = from === null ? undefined : parseCursor(from);
  let offset =
    resumed?.kind === "offset" ? resumed.offset : typeof query.offset === "number" ? query.offset : 0;
  let cursor = from;
  const seen = new Set<unknown>();
  for (let number = 1; ; number++) {
    const { data } = await get(path, withQuery(init, { offset, limit }));
    const users = (data as { users: Array<{ id: unknown }> }).users;
    const fresh = users.filter((user) => !seen.has(user.id));
    for (const user of fresh) seen.add(user.id);
    const next = users.length < limit ? null : `offset:${offset + users.length}`;
    if (fresh.length > 0) yield { items: fresh, cursor, next, number };
    if (next === null) return;
    offset += users.length;
    cursor = next;
  }
}
