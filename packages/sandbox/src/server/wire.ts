// Dashly's wire rules come from `@dashly/mock/wire`, the one implementation the mock applies before Prism:
// arguments in the query or the body (form, multipart, JSON object) moved to where the spec declares them,
// a conflict refused naming the argument, trailing slashes, `auth_token` or `Authorization: Token|Bearer`,
// unknown paths (404) and methods (405). This file only adapts a fetch Request to them and their canonical
// request to the arguments the sandbox validates.
import { applyWireRules, type DashlyErrorEnvelope } from "@dashly/mock/wire";
import type { RawValue } from "../spec/request-validator.ts";

/** A request the wire rules accepted: its operation, `{id}`, arguments (with where they ended up) and token. */
export interface WireAccepted {
  ok: true;
  operationId: string;
  id: string | undefined;
  args: Map<string, { value: RawValue; from: "query" | "body" }>;
  token: string | undefined;
  mediaType: string | undefined;
}

/** A request the wire rules refused, with Dashly's answer. */
export interface WireRefused {
  ok: false;
  status: number;
  envelope: DashlyErrorEnvelope;
}

/** Applies Dashly's wire rules to a request of the API served under `basePath` (e.g. `/v1`). */
export async function readWire(request: Request, basePath: string): Promise<WireAccepted | WireRefused> {
  const url = new URL(request.url);
  const hasBody = request.method !== "GET" && request.method !== "HEAD" && request.body !== null;
  const outcome = await applyWireRules({
    method: request.method,
    path: url.pathname.slice(basePath.length) || "/",
    query: url.search,
    headers: request.headers,
    body: hasBody ? new Uint8Array(await request.arrayBuffer()) : undefined,
  });
  if (!outcome.ok) return { ok: false, status: outcome.refusal.status, envelope: outcome.refusal.envelope };
  const canonical = outcome.request;
  const args: WireAccepted["args"] = new Map();
  for (const [name, value] of canonical.query) {
    if (name !== "auth_token" && !args.has(name)) args.set(name, { value, from: "query" });
  }
  for (const [name, value] of canonical.body?.fields ?? []) {
    if (!args.has(name)) args.set(name, { value, from: "body" });
  }
  return {
    ok: true,
    operationId: canonical.operationId,
    id: canonical.pathParams.id,
    args,
    token: canonical.token,
    mediaType: canonical.body?.mediaType,
  };
}
