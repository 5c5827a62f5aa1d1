import type { Violation } from "./ajv.ts";
import { validatorAt, violationsOf } from "./ajv.ts";
import type { Operation } from "./operations.ts";

/**
 * Checks an answer the sandbox is about to send against the operation's documented answer for its status.
 * `payload` is the answer as a client parses it (IDs may be strings or numbers: the spec's `Id` takes both).
 */
export function validateAnswer(operation: Operation, status: number, payload: unknown): Violation[] {
  const pointer = operation.responses.get(status);
  if (!pointer)
    return [{ field: "status", message: `${operation.operationId} documents no ${status} answer` }];
  const validate = validatorAt(pointer);
  if (validate(payload)) return [];
  return violationsOf(validate.errors, (error) => error.instancePath || "/");
}

/** Checks an error envelope sent before any operation was matched (unknown path, wrong method). */
export function validateErrorEnvelope(payload: unknown): Violation[] {
  const validate = validatorAt("/components/schemas/ErrorEnvelope");
  if (validate(payload)) return [];
  return violationsOf(validate.errors, (error) => error.instancePath || "/");
}
