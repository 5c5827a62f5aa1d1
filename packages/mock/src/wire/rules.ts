import { createRequire } from "node:module";
import type { Violation } from "../violations.ts";
import {
  formMediaType,
  multipartMediaType,
  readBodyFields,
  type WireFields,
  type WireValue,
  writeBodyFields,
} from "./body.ts";
import { type DashlyErrorEnvelope, dashlyError, validationError } from "./envelope.ts";
import {
  type ArgumentSpec,
  type OpenApiDocument,
  operationsOf,
  type WireOperation,
} from "./spec-operations.ts";

/** A request as it came off the wire. */
export interface WireRequest {
  method: string;
  /** The path relative to the API's base, as sent (percent-encoding kept), without the query. */
  path: string;
  /** The query string (with or without its `?`) or its parsed form. */
  query?: string | URLSearchParams;
  headers?: Headers | { readonly [name: string]: string | readonly string[] | undefined };
  body?: Uint8Array | string;
}

/** The same request in the one form the spec declares, for a validator (Prism) or a handler to read. */
export interface CanonicalRequest {
  method: string;
  /** Without a trailing slash; percent-encoding kept. */
  path: string;
  operationId: string;
  /** The spec's path template, e.g. `/users/{id}/props`. */
  template: string;
  /** Path parameters, decoded: `{ id: "$self_app" }`. */
  pathParams: Record<string, string>;
  /** Every argument the spec declares in the query (and those it does not know, where they were sent). */
  query: URLSearchParams;
  /** The arguments the spec declares in the body, in the media type the spec declares. */
  body: { mediaType: string; fields: WireFields; bytes: Uint8Array; contentType: string } | undefined;
  /** The incoming headers, `content-type` and `content-length` matching the new body. */
  headers: Headers;
  /** The API key, from `auth_token` wherever it was, or `Authorization: Token|Bearer`. Never log it. */
  token: string | undefined;
}

/** How Dashly refuses a request, and the reasons in Prism's shape (for an `sl-violations` header). */
export interface WireRefusal {
  status: number;
  envelope: DashlyErrorEnvelope;
  violations: Violation[];
}

export type WireOutcome = { ok: true; request: CanonicalRequest } | { ok: false; refusal: WireRefusal };

export type WireRules = (request: WireRequest) => Promise<WireOutcome>;

type Where = "query" | "body";

/** Dashly's reading of a boolean: `false`, `0` or empty, in any case, are false; any other string is true. */
export function readBoolean(value: string): boolean {
  const lowered = value.toLowerCase();
  return !(lowered === "false" || lowered === "0" || lowered === "");
}

const authorizationScheme = /^(?:token|bearer)\s+(\S+)\s*$/i;

function refuse(status: number, error: string, message: string, violations: Violation[]): WireOutcome {
  return { ok: false, refusal: { status, envelope: dashlyError(status, error, message), violations } };
}

const violation = (location: string[], code: string | number, message: string): Violation => ({
  location,
  severity: "Error",
  code,
  message,
});

function toHeaders(headers: WireRequest["headers"]): Headers {
  if (headers instanceof Headers) return new Headers(headers);
  const result = new Headers();
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (typeof value === "string") result.set(name, value);
    else if (Array.isArray(value)) for (const one of value) result.append(name, one);
  }
  return result;
}

/** `/users/1/` -> `/users/1`; the root stays `/`. */
export function withoutTrailingSlash(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed === "" ? "/" : trimmed;
}

/** The operations whose template matches `path`, the most literal first. */
function matchPath(operations: readonly WireOperation[], path: string) {
  const segments = path.split("/");
  const matches: Array<{ operation: WireOperation; params: Record<string, string>; literals: number }> = [];
  for (const operation of operations) {
    if (operation.segments.length !== segments.length) continue;
    const values: string[] = [];
    let literals = 0;
    const fits = operation.segments.every((expected, index) => {
      const actual = segments[index] ?? "";
      if (expected === undefined) {
        values.push(actual);
        return actual !== "";
      }
      literals += 1;
      return expected === actual;
    });
    if (!fits) continue;
    const params: Record<string, string> = {};
    operation.parameterNames.forEach((name, index) => {
      const value = values[index] ?? "";
      try {
        params[name] = decodeURIComponent(value);
      } catch {
        params[name] = value;
      }
    });
    matches.push({ operation, params, literals });
  }
  return matches.sort((a, b) => b.literals - a.literals);
}

/** Where an argument goes: where the spec declares it; where it was sent when the spec has it in both or neither. */
function destination(name: string, sentIn: Where, operation: WireOperation): Where {
  const inQuery = operation.query.has(name);
  const inBody = operation.body.has(name) && operation.bodyMediaTypes.length > 0;
  if (inQuery && inBody) return sentIn;
  if (inQuery) return "query";
  if (inBody) return "body";
  return operation.bodyMediaTypes.length > 0 ? sentIn : "query";
}

/** A value as Dashly reads it, to compare two sendings of one argument. */
function asRead(spec: ArgumentSpec | undefined, value: WireValue): WireValue {
  if (!spec?.boolean || typeof value !== "string") return value;
  return String(readBoolean(value));
}

/**
 * A value as the validator gets it: a boolean the spec types as `true`/`false` only is written so, with
 * Dashly's reading; one whose schema takes strings (Dashly's spellings) goes as sent, for the spec to judge.
 */
function asDeclared(spec: ArgumentSpec | undefined, value: WireValue): WireValue {
  return spec?.boolean && !spec.takesStrings ? asRead(spec, value) : value;
}

const sameValues = (a: readonly WireValue[], b: readonly WireValue[]) =>
  a.length === b.length && a.every((value, index) => value === b[index]);

/** The media type the canonical body travels as: the one sent if the spec takes it, else the spec's first form. */
function bodyMediaType(operation: WireOperation, sent: string | undefined, fields: WireFields): string {
  const declared = operation.bodyMediaTypes;
  const isForm = sent === formMediaType || sent === multipartMediaType;
  if (sent !== undefined && isForm && declared.includes(sent)) return sent;
  const hasFile = fields.some(([, value]) => typeof value !== "string");
  if (hasFile && declared.includes(multipartMediaType)) return multipartMediaType;
  if (declared.includes(formMediaType)) return formMediaType;
  return declared.includes(multipartMediaType) ? multipartMediaType : (declared[0] ?? formMediaType);
}

/**
 * Dashly's wire rules over the operations of `document` (by default the bundled `@dashly/openapi`):
 * - a trailing slash is accepted on every path; an unknown path is `404 Error404`, a method the path does
 *   not have `405 MethodNotAllowed`;
 * - every argument is accepted in the query or in the body (url-encoded form, multipart, or a JSON object)
 *   and moved to where the spec declares it for the operation; the same argument in both with different
 *   values is a `400 ValidationError` naming it;
 * - the API key is read from `auth_token` wherever it is, or from `Authorization: Token|Bearer <key>`;
 * - a boolean argument is read as Dashly reads it (`false`, `0`, empty, any case: false; else true): to
 *   compare two sendings, and to write it as `true`/`false` where the spec's schema takes only those; where
 *   it takes Dashly's spellings (the spec's `Flag`) it goes as sent, so a typo like `flase` is still refused.
 * Values are not checked here: the validator that reads the canonical request does that.
 */
export function createWireRules(document: OpenApiDocument = bundledSpec()): WireRules {
  const operations = operationsOf(document);
  return async (request) => {
    const method = request.method.toUpperCase();
    const path = withoutTrailingSlash(request.path);
    const matches = matchPath(operations, path);
    if (matches.length === 0)
      return refuse(404, "Error404", "API method does not exist", [
        violation(["request", "path"], 404, `No operation of the spec has the path ${path}`),
      ]);
    const match = matches.find((candidate) => candidate.operation.method === method);
    if (!match) {
      const allowed = [...new Set(matches.map((candidate) => candidate.operation.method))].join(", ");
      return refuse(405, "MethodNotAllowed", "Invalid http method", [
        violation(["request", "method"], 405, `${path} takes ${allowed}, not ${method}`),
      ]);
    }
    const { operation, params } = match;

    const headers = toHeaders(request.headers);
    const raw =
      typeof request.body === "string"
        ? new TextEncoder().encode(request.body)
        : (request.body ?? new Uint8Array());
    const reading = await readBodyFields(headers.get("content-type") ?? undefined, raw);
    if (!reading.ok)
      return refuse(400, "BadRequest", reading.message, [
        violation(["request", "body"], "body", reading.message),
      ]);

    const query = new URLSearchParams(request.query ?? "");
    const sent = new Map<string, Record<Where, WireValue[]>>();
    const add =
      (where: Where) =>
      ([name, value]: [string, WireValue]) => {
        const entry = sent.get(name) ?? { query: [], body: [] };
        entry[where].push(value);
        sent.set(name, entry);
      };
    [...query].forEach(add("query"));
    reading.fields.forEach(add("body"));

    const canonicalQuery = new URLSearchParams();
    const bodyFields: WireFields = [];
    const conflicts: Violation[] = [];
    for (const [name, { query: inQuery, body: inBody }] of sent) {
      const to = destination(name, inBody.length > 0 && inQuery.length === 0 ? "body" : "query", operation);
      const spec = operation[to].get(name) ?? operation.query.get(name) ?? operation.body.get(name);
      const read = (values: WireValue[]) => values.map((value) => asRead(spec, value));
      if (inQuery.length > 0 && inBody.length > 0 && !sameValues(read(inQuery), read(inBody))) {
        conflicts.push(
          violation(
            ["request", "query", name],
            "conflict",
            `${name} is sent in both the query and the body, with different values; send it once`,
          ),
        );
        continue;
      }
      for (const sentValue of inQuery.length > 0 ? inQuery : inBody) {
        const value = asDeclared(spec, sentValue);
        if (to === "body") bodyFields.push([name, value]);
        else if (typeof value === "string") canonicalQuery.append(name, value);
        else bodyFields.push([name, value]); // a file cannot travel in a query: the validator will say so
      }
    }
    if (conflicts.length > 0)
      return {
        ok: false,
        refusal: { status: 400, envelope: validationError(conflicts), violations: conflicts },
      };

    const header = headers.get("authorization");
    // An empty key is no key.
    const token =
      canonicalQuery.get("auth_token") ||
      (header ? authorizationScheme.exec(header)?.[1] : undefined) ||
      undefined;
    if (operation.secured && token === undefined)
      return refuse(401, "NotAuthenticated", "Invalid (or missing) auth token", [
        violation(["request"], 401, "No API key: send auth_token, or Authorization: Token <key>"),
      ]);

    headers.delete("content-length");
    headers.delete("transfer-encoding");
    let body: CanonicalRequest["body"];
    if (bodyFields.length > 0) {
      const mediaType = bodyMediaType(operation, reading.mediaType, bodyFields);
      const written = await writeBodyFields(mediaType, bodyFields);
      body = { mediaType, fields: bodyFields, bytes: written.body, contentType: written.contentType };
      headers.set("content-type", written.contentType);
      headers.set("content-length", String(written.body.length));
    } else {
      headers.delete("content-type");
    }
    return {
      ok: true,
      request: {
        method,
        path,
        operationId: operation.operationId,
        template: operation.template,
        pathParams: params,
        query: canonicalQuery,
        body,
        headers,
        token,
      },
    };
  };
}

let bundled: OpenApiDocument | undefined;
/** The spec `@dashly/openapi` ships, read once. */
function bundledSpec(): OpenApiDocument {
  bundled ??= createRequire(import.meta.url)("@dashly/openapi/openapi.json") as OpenApiDocument;
  return bundled;
}

let defaultRules: WireRules | undefined;
/** Dashly's wire rules over the bundled spec (see `createWireRules`). */
export function applyWireRules(request: WireRequest): Promise<WireOutcome> {
  defaultRules ??= createWireRules();
  return defaultRules(request);
}
