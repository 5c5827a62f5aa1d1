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
  const errors = validatorAt(pointer)(payload);
  return errors ? violationsOf(errors, (error) => error.instancePath || "/") : [];
}

/** Checks an error envelope sent before any operation was matched (unknown path, wrong method). */
export function validateErrorEnvelope(payload: unknown): Violation[] {
  const errors = validatorAt("/components/schemas/ErrorEnvelope")(payload);
  return errors ? violationsOf(errors, (error) => error.instancePath || "/") : [];
}
