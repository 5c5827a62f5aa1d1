import { LosslessNumber, stringify } from "lossless-json";

/** Writes an ID: its digits as a string (`id_as_string=true`) or as a JSON number that keeps every digit. */
export type IdWriter = (id: string) => string | LosslessNumber;

export const idsAsStrings: IdWriter = (id) => id;
export const idsAsNumbers: IdWriter = (id) => new LosslessNumber(id);

/**
 * JSON text of an answer. With IDs as numbers, lossless-json writes them digit for digit (JSON.stringify
 * cannot); with IDs as strings there is nothing to keep, and the engine's JSON.stringify is much faster.
 */
export function writeJson(value: unknown, idsAsText: boolean): string {
  return idsAsText ? JSON.stringify(value) : (stringify(value) ?? "null");
}
