import type { PropValue } from "./records.ts";

/** `filters` of `GET /apps/{id}/users` (validated against the spec's UserFilters before it gets here). */
export interface UserFilters {
  type: "and" | "or";
  filters: Array<{ type: string; property_name: string; value?: unknown }>;
}

const UNIT_SECONDS: Record<string, number> = { minutes: 60, hours: 3600, days: 86400, weeks: 604800 };

/** Whether a user's properties meet the filters, `now` in seconds (for the date conditions). */
export function matchesFilters(props: Record<string, PropValue>, filters: UserFilters, now: number): boolean {
  const results = filters.filters.map((condition) => matches(props[condition.property_name], condition, now));
  return filters.type === "and" ? results.every(Boolean) : results.some(Boolean);
}

function matches(
  prop: PropValue | undefined,
  condition: UserFilters["filters"][number],
  now: number,
): boolean {
  const value = (condition.value ?? {}) as {
    value?: unknown;
    value1?: unknown;
    value2?: unknown;
    unit?: string;
  };
  const known = prop !== undefined && prop !== "";
  const number = typeof prop === "number" ? prop : Number.NaN;
  const target = Number(value.value);
  const text = typeof prop === "string" ? prop : known ? String(prop) : "";
  const wanted = String(value.value ?? "");
  switch (condition.type) {
    case "known":
      return known;
    case "unknown":
      return !known;
    case "bool_true":
      return prop === true;
    case "bool_false":
      return prop === false;
    case "gt":
      return number > target;
    case "gt_or_unknown":
      return !known || number > target;
    case "lt":
      return number < target;
    case "lt_or_unknown":
      return !known || number < target;
    case "eq":
      return number === target;
    case "neq":
      return number !== target;
    case "range":
      return number >= Number(value.value1) && number <= Number(value.value2);
    case "str_eq":
      return known && text === wanted;
    case "str_neq":
      return text !== wanted;
    case "str_contains":
      return known && text.includes(wanted);
    case "str_notcontains":
      return !text.includes(wanted);
    case "lcontains":
      return Array.isArray(prop) && prop.includes(wanted);
    default:
      return matchesPeriod(prop, condition.type, target * (UNIT_SECONDS[value.unit ?? "days"] ?? 86400), now);
  }
}

/** `daysmore`: longer ago than the period; `daysless`: within it; `_or_unknown` also takes an absent date. */
function matchesPeriod(prop: PropValue | undefined, type: string, seconds: number, now: number): boolean {
  const time = timeOf(prop);
  if (time === undefined) return type.endsWith("_or_unknown");
  return type.startsWith("daysmore") ? now - time > seconds : now - time <= seconds;
}

function timeOf(prop: PropValue | undefined): number | undefined {
  if (typeof prop === "number") return prop;
  if (typeof prop !== "string") return undefined;
  const parsed = Date.parse(
    /[zZ]|[+-]\d\d:\d\d$/.test(prop) ? prop : `${prop}${prop.length > 10 ? "Z" : "T00:00:00Z"}`,
  );
  return Number.isNaN(parsed) ? undefined : parsed / 1000;
}
