const INTEGER = /^-?[0-9]+$/;

/**
 * What a number written in a delivery's JSON becomes under an ID key: an integer keeps its digits as a
 * string (even past 2^53); `1e3` or `7.0` are integers all the same; anything else stays a number, for the
 * schema to refuse.
 */
export function idFromNumberText(text: string): string | number {
  if (INTEGER.test(text)) return text;
  const number = Number(text);
  return Number.isSafeInteger(number) ? String(number) : number;
}

/**
 * What any other written number becomes: a JS number, except an integer beyond ±(2^53-1) or a value that
 * overflows to Infinity, which stays the text written (a number there could not be told from its neighbours).
 */
export function plainNumberFromText(text: string): string | number {
  const number = Number(text);
  if (INTEGER.test(text)) return Number.isSafeInteger(number) ? number : text;
  return Number.isFinite(number) ? number : text;
}
