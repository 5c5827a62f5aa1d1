import { LosslessNumber, stringify } from "lossless-json";

/** Writes an ID: its digits as a string (`id_as_string=true`) or as a JSON number that keeps every digit. */
export type IdWriter = (id: string) => string | LosslessNumber;

export const idsAsStrings: IdWriter = (id) => id;
export const idsAsNumbers: IdWriter = (id) => new LosslessNumber(id);

/** JSON text of an answer; lossless numbers are written digit for digit (JSON.stringify would round them). */
export function writeJson(value: unknown): string {
  return stringify(value) ?? "null";
}
