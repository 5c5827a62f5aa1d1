import { exactCursor } from "./cursor.ts";
import { apiError, type CallSite, type ErrorMeta } from "./errors.ts";

/** What a call resolves to: the answer's `data` and `meta`, and the raw Response. */
export interface DashlyResult<Data, Meta> {
  data: Data;
  meta: Meta;
  response: Response;
}

interface Envelope {
  meta: ErrorMeta & { next_after?: unknown };
  data: unknown;
}

const isEnvelope = (value: unknown): value is Envelope =>
  typeof value === "object" &&
  value !== null &&
  "meta" in value &&
  typeof value.meta === "object" &&
  value.meta !== null;

function parse(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Turns an answer into `{ data, meta, response }`, or throws the `DashlyApiError` subclass its `meta.error`
 * names (`site` describes the call for the error; it is only worked out when one is thrown). An answer counts as a success only with a 2xx status, a `{meta, data}` envelope and `meta.status`
 * 200 (the docs: "any other status means an error").
 */
export function unwrap(
  site: () => CallSite,
  response: Response,
  body: unknown,
): DashlyResult<unknown, unknown> {
  const text = typeof body === "string" ? body : undefined;
  const parsed = text === undefined ? body : parse(text);
  if (!isEnvelope(parsed)) {
    const reason = response.ok ? "The answer is not a {meta, data} envelope" : undefined;
    throw apiError(site(), response.status, reason ? { error_message: reason } : {}, response);
  }
  const { meta } = parsed;
  const status = typeof meta.status === "number" ? meta.status : response.status;
  if (!response.ok || status !== 200)
    throw apiError(site(), response.ok ? status : response.status, meta, response);
  if (typeof meta.next_after === "number" && text !== undefined)
    meta.next_after = exactCursor(text, meta.next_after);
  return { data: parsed.data, meta, response };
}
