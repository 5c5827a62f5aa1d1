import { describe, expect, it } from "vitest";
import { applyPropOperations } from "../../src/state/prop-operations.ts";
import type { PropValue } from "../../src/state/records.ts";

const apply = (props: Record<string, PropValue>, operations: Parameters<typeof applyPropOperations>[1]) =>
  applyPropOperations(props, operations, { parseCustomTypes: true });

describe("property operations", () => {
  it("set_once keeps a value already there; update_or_create with the same value changes nothing", () => {
    const props: Record<string, PropValue> = { plan: "pro" };
    const outcome = apply(props, [
      { op: "set_once", key: "plan", value: "free" },
      { op: "update_or_create", key: "plan", value: "pro" },
    ]);
    expect(props).toEqual({ plan: "pro" });
    expect(outcome).toEqual({ affected_props: [], not_changed_props: ["plan"], ignored_operations: [] });
  });

  it("add starts from 0; appending to a list past 30 items is ignored with a reason", () => {
    const props: Record<string, PropValue> = { tags: Array.from({ length: 30 }, (_, index) => `t${index}`) };
    const outcome = apply(props, [
      { op: "add", key: "visits", value: 3 },
      { op: "add", key: "visits", value: -1 },
      { op: "append", key: "tags", value: "one more" },
    ]);
    expect(props.visits).toBe(2);
    expect(outcome.ignored_operations).toEqual([
      {
        operation: { op: "append", key: "tags", value: "one more" },
        reason: "a list holds at most 30 items",
      },
    ]);
  });

  it("exclude and delete of what is not there change nothing; a later change of the same key counts as affected", () => {
    const props: Record<string, PropValue> = { colours: ["red"] };
    const outcome = apply(props, [
      { op: "exclude", key: "colours", value: "blue" },
      { op: "delete", key: "missing" },
      { op: "exclude", key: "colours", value: ["red"] },
    ]);
    expect(props).toEqual({ colours: [] });
    expect(outcome).toEqual({
      affected_props: ["colours"],
      not_changed_props: ["missing"],
      ignored_operations: [],
    });
  });

  it("reads digit text as a number for custom properties only, and a list op on text is ignored", () => {
    const props: Record<string, PropValue> = {};
    const outcome = apply(props, [
      { op: "update_or_create", key: "age", value: "41" },
      { op: "update_or_create", key: "$phone", value: "4915112345678" },
      { op: "union", key: "$phone", value: "x" },
    ]);
    expect(props).toEqual({ age: 41, $phone: "4915112345678" });
    expect(outcome.ignored_operations).toEqual([
      { operation: { op: "union", key: "$phone", value: "x" }, reason: "the property is not a list" },
    ]);
  });
});
