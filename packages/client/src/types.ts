import type { MaybeOptionalInit } from "openapi-fetch";
import type { HttpMethod, PathsWithMethod, RequiredKeysOf } from "openapi-typescript-helpers";
import type { DashlyResult } from "./envelope.ts";
import type { paths } from "./generated/schema.ts";

export type { components, operations, paths, webhooks } from "./generated/schema.ts";

/** The methods the Dashly API uses. */
export type DashlyMethod = Extract<HttpMethod, "get" | "post" | "delete">;

/** The `{meta, data}` envelope of an operation's 200 answer. */
export type SuccessEnvelope<
  Path extends keyof paths,
  Method extends DashlyMethod,
> = paths[Path][Method] extends {
  responses: { 200: { content: { "application/json": infer Envelope } } };
}
  ? Envelope
  : never;

/** `params`, `body`, `headers`, `signal`...: openapi-fetch's typed options for one operation. */
export type CallInit<Path extends keyof paths, Method extends DashlyMethod> = MaybeOptionalInit<
  paths[Path],
  Method
>;

/** The options argument, required exactly when the operation has required parameters or a body. */
export type InitArgument<Init> = RequiredKeysOf<Init> extends never ? [init?: Init] : [init: Init];

export type CallResult<Path extends keyof paths, Method extends DashlyMethod> = DashlyResult<
  SuccessEnvelope<Path, Method> extends { data: infer Data } ? Data : never,
  SuccessEnvelope<Path, Method> extends { meta: infer Meta } ? Meta : never
>;

export type CallMethod<Method extends DashlyMethod> = <
  Path extends PathsWithMethod<paths, Method>,
  Init extends CallInit<Path, Method>,
>(
  path: Path,
  ...init: InitArgument<Init>
) => Promise<CallResult<Path, Method>>;

type GetPath = PathsWithMethod<paths, "get">;
type QueryOf<Path extends GetPath> = NonNullable<NonNullable<CallInit<Path, "get">>["params"]>["query"];

/** GET operations paged with `after` / `meta.next_after`. */
export type CursorPagedPath = {
  [Path in GetPath]: "after" extends keyof NonNullable<QueryOf<Path>> ? Path : never;
}[GetPath];

/** GET operations paged with `offset` / `limit` (the app's users). */
export type OffsetPagedPath = {
  [Path in GetPath]: "offset" extends keyof NonNullable<QueryOf<Path>> ? Path : never;
}[GetPath];

export type PagedPath = CursorPagedPath | OffsetPagedPath;

type PageData<Path extends PagedPath> = CallResult<Path, "get">["data"];

/** One item of a paged operation: a conversation, a part, an event, a user. */
export type PageItem<Path extends PagedPath> =
  PageData<Path> extends ReadonlyArray<infer Item>
    ? Item
    : PageData<Path> extends { users: ReadonlyArray<infer User> }
      ? User
      : never;
