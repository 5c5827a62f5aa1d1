import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type components,
  createDashlyClient,
  type DashlyApiError,
  type DashlyConnectionError,
  type DashlyError,
  type DashlyRateLimitStoreError,
  type DashlyTimeoutError,
  type Page,
  type PageItem,
  type RateLimitStore,
  type RetryEvent,
  type WaitEvent,
} from "../src/index.ts";

// These checks run in `tsc` (pnpm typecheck): an @ts-expect-error that no longer errors fails the build.
const dashly = createDashlyClient({ token: "t", fetch: (async () => new Response()) as typeof fetch });

describe("the client's types", () => {
  it("type data and meta per operation, with IDs and cursors as strings", () => {
    const conversation = () => dashly.GET("/conversations/{id}", { params: { path: { id: "1" } } });
    expectTypeOf<Awaited<ReturnType<typeof conversation>>["data"]>().toEqualTypeOf<
      components["schemas"]["Conversation"]
    >();
    expectTypeOf<components["schemas"]["Conversation"]["id"]>().toEqualTypeOf<string>();
    const parts = () => dashly.GET("/conversations/{id}/parts", { params: { path: { id: "1" } } });
    expectTypeOf<Awaited<ReturnType<typeof parts>>["meta"]["next_after"]>().toEqualTypeOf<
      string | null | undefined
    >();
    const props = () =>
      dashly.POST("/users/{id}/props", { params: { path: { id: "1" } }, body: { operations: [] } });
    expectTypeOf<Awaited<ReturnType<typeof props>>["meta"]["affected_props"]>().toEqualTypeOf<
      string[] | undefined
    >();
  });

  it("type paginated items per endpoint", () => {
    expectTypeOf<PageItem<"/apps/{id}/users">>().toEqualTypeOf<components["schemas"]["User"]>();
    expectTypeOf<PageItem<"/users/{id}/events">>().toEqualTypeOf<components["schemas"]["Event"]>();
    expectTypeOf<PageItem<"/conversations/{id}/parts">>().toEqualTypeOf<
      components["schemas"]["ConversationPart"]
    >();
  });

  it("reject what the spec does not allow", () => {
    const rejected = () => {
      // @ts-expect-error: no such path
      void dashly.GET("/conversation/{id}", { params: { path: { id: "1" } } });
      // @ts-expect-error: the path ID is required
      void dashly.GET("/conversations/{id}", { params: {} });
      // @ts-expect-error: POST has no GET-only path
      void dashly.POST("/conversations/{id}/parts", { params: { path: { id: "1" } } });
      const bogus: Array<{ op: "bogus"; key: string; value: number }> = [{ op: "bogus", key: "k", value: 1 }];
      // @ts-expect-error: `op` must be one of the documented operations
      void dashly.POST("/users/{id}/props", { params: { path: { id: "1" } }, body: { operations: bogus } });
      // @ts-expect-error: sendmessage has no `text` field (it is `body`)
      void dashly.POST("/users/{id}/sendmessage", { params: { path: { id: "1" } }, body: { text: "Hi" } });
      const away: { presence: "away" } = { presence: "away" };
      // @ts-expect-error: presence is online or idle
      void dashly.POST("/users/{id}/setpresence", { params: { path: { id: "1" } }, body: away });
      // @ts-expect-error: only paged operations can be paginated
      void dashly.paginate("/conversations/{id}", { params: { path: { id: "1" } } });
    };
    expectTypeOf(rejected).toBeFunction();
  });

  it("give every error the root's fields, and events their own shapes", () => {
    expectTypeOf<DashlyApiError>().toExtend<DashlyError>();
    expectTypeOf<DashlyConnectionError>().toExtend<DashlyError>();
    expectTypeOf<DashlyTimeoutError>().toExtend<DashlyError>();
    expectTypeOf<DashlyRateLimitStoreError>().toExtend<DashlyError>();
    expectTypeOf<DashlyError["path"]>().toEqualTypeOf<string>();
    expectTypeOf<DashlyError["method"]>().toEqualTypeOf<string>();

    const stop = dashly.on("retry", (event) => {
      expectTypeOf(event).toEqualTypeOf<RetryEvent>();
    });
    expectTypeOf(stop).toEqualTypeOf<() => void>();
    dashly.on("wait", (event) => {
      expectTypeOf(event).toEqualTypeOf<WaitEvent>();
      // @ts-expect-error: a wait has no status, only waitMs and a reason
      void event.status;
    });
    // @ts-expect-error: no such event (at run time, a TypeError)
    expect(() => dashly.on("done", () => {})).toThrow(TypeError);

    const pages = () => dashly.paginate("/users/{id}/events", { params: { path: { id: "1" } } }).pages();
    expectTypeOf<ReturnType<typeof pages>>().toEqualTypeOf<
      AsyncIterable<Page<components["schemas"]["Event"]>>
    >();
  });

  it("make a store implement the whole seam", () => {
    const partial = { take: () => ({ granted: true as const, slot: "1" }), release: () => {} };
    // @ts-expect-error: a store must also pause (a 429's Retry-After)
    const store: RateLimitStore = partial;
    // @ts-expect-error: a refusal says how long to wait
    const refusing: RateLimitStore = { ...partial, pause: () => {}, take: () => ({ granted: false }) };
    expectTypeOf([store, refusing]).toBeArray();
    // @ts-expect-error: rateLimit takes no margin any more: a slot's window runs from its answer
    createDashlyClient({ token: "t", rateLimit: { marginMs: 10 } });
  });
});
