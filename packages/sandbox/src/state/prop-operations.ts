import type { PropValue } from "./records.ts";

export interface PropOperation {
  op: "update_or_create" | "set_once" | "add" | "delete" | "append" | "union" | "exclude";
  key: string;
  value?: unknown;
}

/** What `POST /users/{id}/props` reports in `meta`. */
export interface PropsOutcome {
  affected_props: string[];
  not_changed_props: string[];
  ignored_operations: Array<{ operation: PropOperation; reason: string }>;
}

const MAX_LIST = 30;
const MAX_TEXT = 255;
const PLAIN_NUMBER = /^-?(?:0|[1-9][0-9]{0,15})(?:\.[0-9]+)?$/;

/**
 * Applies the operations to `props` in order, with the docs' semantics: `update_or_create` sets,
 * `set_once` sets only an absent property, `add` increments from 0, `delete` removes, `append` adds to a
 * list, `union` adds what is not there yet, `exclude` removes from a list. An operation that cannot apply
 * (an empty value, a number added to text, a list over 30 items) is skipped and reported, never fatal;
 * one that leaves the value as it was is reported in `not_changed_props`.
 */
export function applyPropOperations(
  props: Record<string, PropValue>,
  operations: readonly PropOperation[],
  options: { parseCustomTypes: boolean },
): PropsOutcome {
  const affected = new Set<string>();
  const notChanged = new Set<string>();
  const ignored: PropsOutcome["ignored_operations"] = [];
  for (const operation of operations) {
    const outcome = applyOne(props, operation, options.parseCustomTypes);
    if (outcome === "changed") {
      affected.add(operation.key);
      notChanged.delete(operation.key);
    } else if (outcome === "unchanged") {
      if (!affected.has(operation.key)) notChanged.add(operation.key);
    } else {
      ignored.push({ operation, reason: outcome.ignored });
    }
  }
  return { affected_props: [...affected], not_changed_props: [...notChanged], ignored_operations: ignored };
}

type Outcome = "changed" | "unchanged" | { ignored: string };

function applyOne(
  props: Record<string, PropValue>,
  operation: PropOperation,
  parseCustomTypes: boolean,
): Outcome {
  const { op, key } = operation;
  const current = Object.hasOwn(props, key) ? props[key] : undefined;
  if (op === "delete") {
    if (current === undefined) return "unchanged";
    delete props[key];
    return "changed";
  }
  const value = normalise(operation.value, !key.startsWith("$") && parseCustomTypes);
  if (value === undefined) return { ignored: "empty value" };
  switch (op) {
    case "update_or_create":
      if (current !== undefined && same(current, value)) return "unchanged";
      props[key] = value;
      return "changed";
    case "set_once":
      if (current !== undefined) return "unchanged";
      props[key] = value;
      return "changed";
    case "add": {
      if (typeof value !== "number") return { ignored: "add needs a number" };
      if (current !== undefined && typeof current !== "number")
        return { ignored: "the property is not a number" };
      if (value === 0 && current !== undefined) return "unchanged";
      props[key] = (current ?? 0) + value;
      return "changed";
    }
    case "append":
    case "union":
    case "exclude": {
      const items = (Array.isArray(value) ? value : [value]).map(String);
      if (current !== undefined && !Array.isArray(current)) return { ignored: "the property is not a list" };
      const list = [...(current ?? [])];
      if (op === "exclude") {
        const kept = list.filter((item) => !items.includes(item));
        if (kept.length === list.length) return "unchanged";
        props[key] = kept;
        return "changed";
      }
      const added =
        op === "append"
          ? items
          : items.filter((item, index) => !list.includes(item) && items.indexOf(item) === index);
      if (added.length === 0) return "unchanged";
      if (list.length + added.length > MAX_LIST) return { ignored: `a list holds at most ${MAX_LIST} items` };
      props[key] = [...list, ...added];
      return "changed";
    }
    default:
      return { ignored: `unknown operation ${String(op)}` };
  }
}

/** The value as stored; `undefined` when it is empty (Dashly skips those). */
function normalise(value: unknown, parseText: boolean): PropValue | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  if (typeof value === "string") {
    if (parseText && PLAIN_NUMBER.test(value)) return Number(value);
    return value.slice(0, MAX_TEXT);
  }
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.map((item) => String(item).slice(0, MAX_TEXT));
  return undefined;
}

function same(a: PropValue, b: PropValue): boolean {
  return Array.isArray(a) && Array.isArray(b)
    ? a.length === b.length && a.every((item, index) => item === b[index])
    : a === b;
}
