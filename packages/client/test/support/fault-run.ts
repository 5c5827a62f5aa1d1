/**
 * Wraps `fetch` to count the attempts that leave the client, by route (`POST /conversations/1/reply`): each
 * attempt of the transport is one call of the injected fetch.
 */
export function countingFetch(inner: typeof globalThis.fetch = globalThis.fetch) {
  const attempts = new Map<string, number>();
  const counted = ((input: Parameters<typeof globalThis.fetch>[0], init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const route = `${request.method} ${new URL(request.url).pathname}`;
    attempts.set(route, (attempts.get(route) ?? 0) + 1);
    return inner(input, init);
  }) as typeof globalThis.fetch;
  return {
    fetch: counted,
    /** Attempts sent so far for `route`. */
    attemptsOf: (route: string): number => attempts.get(route) ?? 0,
    total: (): number => [...attempts.values()].reduce((sum, count) => sum + count, 0),
  };
}

/** Runs `tasks` with at most `concurrency` under way at once; resolves with their results in order. */
export async function pool<Result>(
  tasks: ReadonlyArray<() => Promise<Result>>,
  concurrency: number,
): Promise<Result[]> {
  const results: Result[] = new Array(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<Result>)();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}
