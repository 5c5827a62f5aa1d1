import type { Violation } from "../violations.ts";

/** What Dashly answers on every error: `meta` says what went wrong, `data` is empty. */
export interface DashlyErrorEnvelope {
  meta: {
    /** Repeats the HTTP status. */
    status: number;
    /** The error's short name, e.g. `ValidationError`, `Error404`. */
    error: string;
    error_message: string;
    /** Of a `ValidationError`: the messages for each argument. */
    error_fields?: Record<string, string[]>;
  };
  data: Record<string, never>;
}

/** The one builder of Dashly's error envelope in this package (the front, the fault injector, the sandbox). */
export function dashlyError(
  status: number,
  error: string,
  message: string,
  fields?: Record<string, string[]>,
): DashlyErrorEnvelope {
  return {
    meta: { status, error, error_message: message, ...(fields && { error_fields: fields }) },
    data: {},
  };
}

/**
 * The key of the messages that no single argument carries. Dashly's `error_fields` come from Django forms
 * (their messages, e.g. "Ensure this value is less than or equal to 50.", are Django's), which use this name.
 */
export const nonFieldErrors = "non_field_errors";

const requiredProperty = /required property '([^']+)'/;
const unknownProperty = /additional propert(?:y|ies)(?:[^']*)'([^']+)'/;

/** The argument a violation is about: `request.query.count` -> `count`, `request.body.operations.0.op` -> `operations`. */
export function fieldOf(violation: Violation): string {
  const [, where, name] = violation.location;
  if (name !== undefined && (where === "query" || where === "body" || where === "path" || where === "header"))
    return name;
  return (
    requiredProperty.exec(violation.message)?.[1] ??
    unknownProperty.exec(violation.message)?.[1] ??
    nonFieldErrors
  );
}

/** `error_fields` of a `ValidationError` from the violations found: argument -> its messages. */
export function errorFieldsOf(violations: readonly Violation[]): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const violation of violations) {
    const field = fieldOf(violation);
    fields[field] = [...(fields[field] ?? []), violation.message];
  }
  return fields;
}

/** A 400 `ValidationError` that lists the real reasons, field by field and in one line. */
export function validationError(violations: readonly Violation[]): DashlyErrorEnvelope {
  const fields = errorFieldsOf(violations);
  const summary = Object.entries(fields)
    .map(([field, messages]) => `${field}: ${messages.join("; ")}`)
    .join(" | ");
  return dashlyError(400, "ValidationError", `Invalid (or missing) request arguments: ${summary}`, fields);
}
