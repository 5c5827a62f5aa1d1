// Dashly's wire rules, in one place: where arguments may travel and how the token is found.
// The contract says these come from `@dashly/mock/wire`; until that module lands this file is the only
// place the sandbox applies them, so switching to it is a change of this file alone.
import type { RawValue } from "../spec/request-validator.ts";

/** What the wire rules make of a request. */
export interface WireRequest {
  /** The path without a trailing slash. */
  path: string;
  /** Each argument once, with where it came from. `auth_token` is taken out. */
  args: Map<string, { value: RawValue; from: "query" | "body" }>;
  token: string | undefined;
  mediaType: string | undefined;
}

/** An argument given twice with different values, or a body that cannot be read. */
export class WireError extends Error {
  constructor(
    message: string,
    readonly field: string | undefined,
  ) {
    super(message);
    this.name = "WireError";
  }
}

/** Reads a request the way Dashly does: arguments in the query or the body (form, multipart, JSON object). */
export async function readWire(request: Request): Promise<WireRequest> {
  const url = new URL(request.url);
  const args = new Map<string, { value: RawValue; from: "query" | "body" }>();
  for (const [name, value] of url.searchParams) {
    if (!args.has(name)) args.set(name, { value, from: "query" });
  }
  const mediaType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() || undefined;
  for (const [name, value] of await readBody(request, mediaType)) {
    const earlier = args.get(name);
    if (earlier?.from === "query") {
      if (!sameValue(earlier.value, value)) {
        throw new WireError(`${name} is given in the query and in the body with different values`, name);
      }
      continue;
    }
    if (!earlier) args.set(name, { value, from: "body" });
  }
  const tokenArgument = args.get("auth_token");
  args.delete("auth_token");
  const header = /^(?:Token|Bearer)\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  const token = header?.[1] ?? (typeof tokenArgument?.value === "string" ? tokenArgument.value : undefined);
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : url.pathname;
  return { path, args, token: token || undefined, mediaType };
}

function sameValue(a: RawValue, b: RawValue): boolean {
  return typeof b === "string" ? a === b : JSON.stringify(a) === JSON.stringify(b);
}

async function readBody(request: Request, mediaType: string | undefined): Promise<Array<[string, RawValue]>> {
  if (request.method === "GET" || request.method === "HEAD" || !request.body) return [];
  if (mediaType === "application/x-www-form-urlencoded")
    return [...new URLSearchParams(await request.text())];
  if (mediaType === "multipart/form-data") {
    try {
      return [...(await request.formData())];
    } catch {
      throw new WireError("The multipart body cannot be read", undefined);
    }
  }
  const text = await request.text();
  if (text.trim() === "") return [];
  if (mediaType === "application/json" || mediaType === undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new WireError("The JSON body cannot be parsed", undefined);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new WireError("A JSON body must be an object of arguments", undefined);
    }
    // Text stays text, so that it is converted like a form field; other values are already typed.
    return Object.entries(parsed).map(([name, value]) => [
      name,
      typeof value === "number" ? String(value) : value,
    ]);
  }
  throw new WireError(`The body's media type ${mediaType} is not one Dashly reads`, undefined);
}

/** Dashly's error envelope. */
export function errorEnvelope(
  status: number,
  error: string,
  message: string,
  fields?: Record<string, unknown>,
): { meta: Record<string, unknown>; data: Record<string, never> } {
  const meta: Record<string, unknown> = { status, error, error_message: message };
  if (fields) meta.error_fields = fields;
  return { meta, data: {} };
}
