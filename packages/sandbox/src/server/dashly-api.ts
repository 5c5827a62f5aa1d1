import { dashlyError, readBoolean } from "@dashly/mock/wire";
import type { Context } from "hono";
import { ApiError, type CallContext } from "../api/context.ts";
import { handlers } from "../api/handlers.ts";
import { idsAsNumbers, idsAsStrings, writeJson } from "../api/ids.ts";
import type { Violation } from "../spec/ajv.ts";
import { type Operation, operationsById } from "../spec/operations.ts";
import { readArguments } from "../spec/request-validator.ts";
import { validateAnswer, validateErrorEnvelope } from "../spec/response-validator.ts";
import type { SandboxCore } from "./core.ts";
import { readWire } from "./wire.ts";

/** What the request log records of one API call (never the query, which may hold the token). */
export interface CallRecord {
  method: string;
  path: string;
  operationId: string | undefined;
  status: number;
  violations: Violation[];
}

const PREFIX = "/v1";

/**
 * Serves `/v1/*`: wire rules -> operation -> token -> rate limit -> the spec judges the request -> the
 * handler acts on state -> the spec judges the answer -> JSON with IDs as the request asked.
 */
export async function serveDashlyApi(core: SandboxCore, c: Context): Promise<Response> {
  const request = c.req.raw;
  const record: CallRecord = {
    method: request.method,
    path: new URL(request.url).pathname,
    operationId: undefined,
    status: 0,
    violations: [],
  };
  let operation: Operation | undefined;
  let asStrings = false;
  try {
    const wire = await readWire(request, PREFIX);
    if (!wire.ok) return respond(core, record, undefined, wire.status, wire.envelope, false);
    operation = operationsById.get(wire.operationId);
    if (!operation)
      throw new Error(`the wire rules named ${wire.operationId}, which the sandbox does not know`);
    record.operationId = operation.operationId;
    const idAsString = wire.args.get("id_as_string")?.value;
    asStrings = typeof idAsString === "string" && readBoolean(idAsString);

    const app = core.appOfToken(wire.token);
    if (!app) throw new ApiError(401, "NotAuthenticated", "The API token is missing or wrong");
    const rate = core.takeRateLimit(wire.token as string);
    if (!rate.granted) {
      const answer = dashlyError(429, "TooManyRequests", `More than ${core.rateLimitText} with this token`);
      return respond(core, record, operation, 429, answer, asStrings, {
        "Retry-After": String(rate.retryAfterSeconds),
      });
    }

    const id = wire.id ?? "";
    const args = readArguments(operation, id, wire.args, wire.mediaType, core.validation !== "off");
    if (args.violations.length > 0 && core.validation !== "off") {
      record.violations.push(...args.violations);
      if (core.validation === "strict") {
        const fields: Record<string, string[]> = {};
        for (const violation of args.violations) {
          fields[violation.field] = [...(fields[violation.field] ?? []), violation.message];
        }
        throw new ApiError(
          400,
          "ValidationError",
          `Invalid arguments: ${Object.keys(fields).join(", ")}`,
          fields,
        );
      }
    }
    const handler = handlers[operation.operationId];
    if (!handler) throw new ApiError(404, "Error404", "No such method of the API");
    const context: CallContext = {
      world: core.world,
      app,
      id,
      query: args.query,
      body: args.body,
      ids: asStrings ? idsAsStrings : idsAsNumbers,
    };
    const answer = handler(context);
    // GETs change nothing but the clock-driven presence; only writes are saved (with --persist).
    if (operation.method !== "GET") core.changed();
    return respond(
      core,
      record,
      operation,
      200,
      { meta: { status: 200, ...answer.meta }, data: answer.data },
      asStrings,
    );
  } catch (error) {
    if (error instanceof ApiError) {
      return respond(
        core,
        record,
        operation,
        error.status,
        dashlyError(error.status, error.error, error.message, error.fields),
        asStrings,
      );
    }
    core.logger.error(
      { method: record.method, path: record.path, error: String(error) },
      "the sandbox failed on a request",
    );
    return respond(
      core,
      record,
      operation,
      500,
      dashlyError(500, "Error500", "The sandbox failed on this request"),
      asStrings,
    );
  }
}

/** The spec judges the answer before it leaves; in strict mode a wrong one becomes a loud 500, never sent. */
function respond(
  core: SandboxCore,
  record: CallRecord,
  operation: Operation | undefined,
  status: number,
  answer: object,
  asStrings: boolean,
  headers: Record<string, string> = {},
): Response {
  let text = writeJson(answer, asStrings);
  if (core.validation !== "off") {
    // With IDs as numbers the answer is judged as a client parses it (the Id schema takes either form).
    const parsed = asStrings ? answer : JSON.parse(text);
    const violations = operation ? validateAnswer(operation, status, parsed) : validateErrorEnvelope(parsed);
    if (violations.length > 0) {
      const message = `the sandbox's ${status} answer to ${record.method} ${record.path} breaks the spec: ${violations.map((one) => `${one.field} ${one.message}`).join("; ")}`;
      core.reportViolation(message);
      record.violations.push(
        ...violations.map((one) => ({ field: `answer ${one.field}`, message: one.message })),
      );
      if (core.validation === "strict") {
        status = 500;
        text = JSON.stringify(dashlyError(500, "Error500", message));
      }
    }
  }
  record.status = status;
  core.logCall(record);
  return new Response(text, {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}
