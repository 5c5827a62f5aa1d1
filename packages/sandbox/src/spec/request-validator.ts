import { readBoolean } from "@dashly/mock/wire";
import type { ErrorObject } from "ajv/dist/2020.js";
import { parse as parseLossless } from "lossless-json";
import { objectValidator, type Violation, validatorAt, violationsOf } from "./ajv.ts";
import type { ArgumentKind, Operation } from "./operations.ts";
import { nodeAt, resolveRef } from "./spec-document.ts";

/** An argument as the wire rules deliver it: text from a query or a form, a file, or a JSON body's value. */
export type RawValue = string | File | unknown;

/** The arguments of a request, sorted into the places the operation declares, converted and checked. */
export interface ReadArguments {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  /** Uploaded files by field (the body holds them too, after validation). */
  files: Record<string, File>;
  violations: Violation[];
}

/**
 * Puts each argument where the spec declares it, converts text to the type its schema has (Dashly's boolean
 * rule, numbers, JSON-encoded fields, comma lists), and validates the three parts against the spec. An
 * argument the operation does not declare is ignored when it came in the query (as Dashly and Prism do) and
 * judged by the body's schema when it came in the body. `judge: false` converts without validating.
 */
export function readArguments(
  operation: Operation,
  id: string | undefined,
  args: ReadonlyMap<string, { value: RawValue; from: "query" | "body" }>,
  mediaType: string | undefined,
  judge = true,
): ReadArguments {
  const violations: Violation[] = [];
  const path: Record<string, unknown> = { id };
  const query: Record<string, unknown> = {};
  const body: Record<string, unknown> = {};
  const files: Record<string, File> = {};
  // Arguments whose text could not be read: the schema's complaints about them would only repeat that.
  const unreadable = new Set<string>();
  for (const [name, { value, from }] of args) {
    const declared = operation.arguments.get(name);
    if (!declared) {
      if (from === "body") body[name] = value;
      continue;
    }
    if (declared.in === "path") continue;
    if (declared.kind === "file") {
      const file = value instanceof File ? value : new File([String(value)], "upload");
      const maxLength = Number(
        resolveRef(nodeAt(declared.schemaPointer)).node.maxLength ?? Number.POSITIVE_INFINITY,
      );
      if (file.size > maxLength)
        violations.push({ field: name, message: `/${name} must be at most ${maxLength} bytes` });
      files[name] = file;
      body[name] = "file"; // the schema judges the field's presence; the size was checked above
      continue;
    }
    const converted = convert(declared.kind, value);
    if (converted.error) {
      violations.push({ field: name, message: converted.error });
      unreadable.add(name);
    }
    (declared.in === "query" ? query : body)[name] = converted.value;
  }

  if (!judge) return finish();
  const queryArguments = [...operation.arguments.values()].filter((one) => one.in !== "body");
  const parameters = new Map(queryArguments.map((one) => [one.name, one.schemaPointer]));
  const validateParameters = objectValidator(
    `${operation.pointer}#parameters`,
    parameters,
    queryArguments.filter((one) => one.required).map((one) => one.name),
  );
  const judged = (found: Violation[]) => found.filter((violation) => !unreadable.has(violation.field));
  const parameterErrors = validateParameters({ ...query, ...path });
  if (parameterErrors) violations.push(...judged(violationsOf(parameterErrors, topField)));

  if (operation.bodies.size > 0) {
    const bodyPointer = operation.bodies.get(mediaType ?? "") ?? operation.bodies.values().next().value;
    const hasBody = Object.keys(body).length > 0;
    if (bodyPointer && (hasBody || operation.bodyRequired)) {
      const validateBody = validatorAt(bodyPointer);
      const bodyErrors = validateBody(body);
      if (bodyErrors) violations.push(...judged(violationsOf(bodyErrors, topField)));
    }
  }
  return finish();

  /** Flags become booleans once judged as sent; files take their place in the body. */
  function finish(): ReadArguments {
    for (const [name, declared] of operation.arguments) {
      if (declared.kind !== "flag") continue;
      const where = declared.in === "query" ? query : body;
      if (typeof where[name] === "string") where[name] = readBoolean(where[name]);
    }
    Object.assign(body, files);
    return { path, query, body, files, violations };
  }
}

/** The argument an error is about: the first segment of its path, or the missing or extra property. */
function topField(error: ErrorObject): string {
  const first = error.instancePath.split("/")[1];
  if (first) return first.replaceAll("~1", "/").replaceAll("~0", "~");
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  return params.missingProperty ?? params.additionalProperty ?? "body";
}

const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;

function convert(kind: ArgumentKind, value: RawValue): { value: unknown; error?: string } {
  if (value instanceof File) return { value: "", error: "must be text, not a file" };
  if (typeof value !== "string") return { value }; // a JSON body's value is already typed
  switch (kind) {
    case "boolean":
      return { value: readBoolean(value) };
    case "number":
      return { value: NUMBER.test(value) ? Number(value) : value };
    case "csv":
      return { value: value === "" ? [] : value.split(",") };
    case "json":
      try {
        return { value: parseJsonArgument(value) };
      } catch {
        return { value, error: "must be JSON-encoded" };
      }
    default:
      return { value };
  }
}

// An integer of 16 digits or more may be past 2^53 (a 64-bit ID in `paginate_position`): JSON.parse would round it.
const LONG_INTEGER = /[0-9]{16}/;

/** A JSON-encoded argument; an integer past 2^53 is kept as its digits (a string) instead of being rounded. */
function parseJsonArgument(text: string): unknown {
  if (!LONG_INTEGER.test(text)) return JSON.parse(text);
  return parseLossless(text, null, (digits) => {
    const number = Number(digits);
    return Number.isSafeInteger(number) || !/^-?[0-9]+$/.test(digits) ? number : digits;
  });
}
