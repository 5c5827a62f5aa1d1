import { describe, expect, it } from "vitest";
import { matchesFilters, type UserFilters } from "../../src/state/user-filters.ts";

const now = Date.parse("2026-12-03T12:00:00Z") / 1000;
const one = (
  condition: UserFilters["filters"][number],
  props: Record<string, never> | Record<string, string | number | boolean | string[]>,
) => matchesFilters(props, { type: "and", filters: [condition] }, now);

describe("user filters", () => {
  it("compares dates in the units given", () => {
    const seen = { $last_seen: "2026-12-01T12:00:00" };
    expect(
      one({ type: "daysless", property_name: "$last_seen", value: { value: 3, unit: "days" } }, seen),
    ).toBe(true);
    expect(
      one({ type: "daysmore", property_name: "$last_seen", value: { value: 24, unit: "hours" } }, seen),
    ).toBe(true);
    expect(
      one({ type: "daysmore", property_name: "$last_seen", value: { value: 1, unit: "weeks" } }, seen),
    ).toBe(false);
    expect(
      one(
        { type: "daysmore_or_unknown", property_name: "$last_seen", value: { value: 1, unit: "weeks" } },
        {},
      ),
    ).toBe(true);
  });

  it("checks numbers (digit strings too), ranges, text, lists, booleans and presence", () => {
    expect(
      one({ type: "range", property_name: "orders", value: { value1: 2, value2: 4 } }, { orders: 4 }),
    ).toBe(true);
    expect(one({ type: "gt", property_name: "orders", value: { value: "10" } }, { orders: 11 })).toBe(true);
    expect(one({ type: "lt_or_unknown", property_name: "orders", value: { value: 1 } }, {})).toBe(true);
    expect(
      one(
        { type: "str_notcontains", property_name: "$email", value: { value: "@example.com" } },
        { $email: "a@other.org" },
      ),
    ).toBe(true);
    expect(
      one({ type: "lcontains", property_name: "tags", value: { value: "vip" } }, { tags: ["vip"] }),
    ).toBe(true);
    expect(one({ type: "bool_false", property_name: "subscribed", value: "" }, { subscribed: false })).toBe(
      true,
    );
    expect(one({ type: "known", property_name: "$name", value: "" }, { $name: "" })).toBe(false);
  });

  it("an `or` group needs one condition, an `and` group all", () => {
    const props = { orders: 1 };
    const conditions: UserFilters["filters"] = [
      { type: "eq", property_name: "orders", value: { value: 1 } },
      { type: "eq", property_name: "orders", value: { value: 2 } },
    ];
    expect(matchesFilters(props, { type: "or", filters: conditions }, now)).toBe(true);
    expect(matchesFilters(props, { type: "and", filters: conditions }, now)).toBe(false);
  });
});
