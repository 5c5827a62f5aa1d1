/** The items of every page of a paged operation, fetched one page at a time as they are consumed. */
export interface Paginator<Item> extends AsyncIterable<Item> {
  /** Collects the items, at most `limit` of them: a paged list can be very long, so a cap is required. */
  toArray(options: { limit: number }): Promise<Item[]>;
}

interface PageInit {
  params?: { path?: object; query?: Record<string, unknown> };
  [option: string]: unknown;
}

/** A GET that resolves to the unwrapped answer (the client's own GET, untyped here). */
export type PageFetcher = (
  path: string,
  init: PageInit,
) => Promise<{ data: unknown; meta: { next_after?: string | null } }>;

export function createPaginator<Item>(pages: () => AsyncGenerator<Item[]>): Paginator<Item> {
  async function* items(): AsyncGenerator<Item> {
    for await (const page of pages()) yield* page;
  }
  return {
    [Symbol.asyncIterator]: items,
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

const withQuery = (init: PageInit | undefined, query: Record<string, unknown>): PageInit => ({
  ...init,
  params: { ...init?.params, query: { ...init?.params?.query, ...query } },
});

/**
 * Pages of an `after` / `meta.next_after` operation. The cursor goes back exactly as received (a string);
 * the walk ends on a `null` cursor, an empty page, or a cursor that does not move (which would loop forever).
 */
export async function* cursorPages(
  get: PageFetcher,
  path: string,
  init?: PageInit,
): AsyncGenerator<unknown[]> {
  let after = init?.params?.query?.after;
  for (;;) {
    const { data, meta } = await get(
      path,
      after === undefined ? withQuery(init, {}) : withQuery(init, { after }),
    );
    const items = data as unknown[];
    if (items.length > 0) yield items;
    const next = meta.next_after;
    if (next === null || next === undefined || items.length === 0 || next === after) return;
    after = next;
  }
}

/**
 * Pages of `GET /apps/{id}/users` (`offset` / `limit`). The docs warn that a user may show up on two pages;
 * each user is yielded once. A page shorter than `limit` is the last.
 */
export async function* offsetPages(
  get: PageFetcher,
  path: string,
  init?: PageInit,
): AsyncGenerator<unknown[]> {
  const query = init?.params?.query ?? {};
  const limit = typeof query.limit === "number" ? query.limit : 20;
  let offset = typeof query.offset === "number" ? query.offset : 0;
  const seen = new Set<unknown>();
  for (;;) {
    const { data } = await get(path, withQuery(init, { offset, limit }));
    const users = (data as { users: Array<{ id: unknown }> }).users;
    const fresh = users.filter((user) => !seen.has(user.id));
    for (const user of fresh) seen.add(user.id);
    if (fresh.length > 0) yield fresh;
    if (users.length < limit) return;
    offset += users.length;
  }
}
