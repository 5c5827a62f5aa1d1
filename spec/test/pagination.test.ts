import { describe, expect, it } from "vitest";
import { deref, operations, spec } from "./support/spec.ts";
import { validateAt } from "./support/validator.ts";

const pageMeta = "/components/schemas/PageMeta";
const cursorPaged = [
  "/apps/{id}/conversations",
  "/conversations/{id}/parts",
  "/users/{id}/conversations",
  "/users/{id}/events",
];
const v2Parameters = [
  "paginate_position",
  "paginate_count",
  "paginate_direction",
  "paginate_including",
  "paginate_page_order",
];

describe("page meta of both pagination generations", () => {
  it.each([
    ["v1, an integer cursor", { status: 200, next_after: 7936756 }],
    ["v1, a float cursor", { status: 200, next_after: 1447339319.900966 }],
    ["v1, the last page", { status: 200, next_after: null }],
    [
      "v2, a time position",
      { status: 200, next_before_position: [1684739969.358085, "1160406004324630614"] },
    ],
    [
      "v2, an ID position",
      { status: 200, next_before_position: [335695472], next_after_position: ["335695480"] },
    ],
    ["v2, the last page", { status: 200, next_before_position: null, next_after_position: null }],
    ["no cursor at all", { status: 200 }],
  ])("accepts %s", (_name, meta) => {
    expect(validateAt(pageMeta, meta)).toEqual([]);
  });

  it.each([
    ["a position that is not an array", { status: 200, next_before_position: "1684739969.358085" }],
    ["an empty position", { status: 200, next_after_position: [] }],
    ["a position holding an object", { status: 200, next_after_position: [{ id: 1 }] }],
    ["a cursor that is not a number", { status: 200, next_after: "next" }],
  ])("refuses %s", (_name, meta) => {
    expect(validateAt(pageMeta, meta)).not.toEqual([]);
  });

  it("serves v1 under /v1, and says so", () => {
    expect(spec.info.description).toMatch(/`\/v1` serves v1 pagination/);
    expect(spec.info.description).toMatch(/versioning page/);
  });
});

describe("the v2 request parameters", () => {
  const paged = operations().filter(({ method, path }) => method === "get" && cursorPaged.includes(path));

  it("are declared, optional, on every cursor-paged method", () => {
    expect(paged.map(({ path }) => path).sort()).toEqual(cursorPaged);
    for (const { path, operation } of paged) {
      const declared = operation.parameters.map(deref);
      for (const name of v2Parameters) {
        const parameter = declared.find((candidate: { name: string }) => candidate.name === name);
        expect(parameter, `${path} ${name}`).toMatchObject({ in: "query", required: false });
      }
    }
  });

  it("take a JSON position and the documented directions", () => {
    const position = deref({ $ref: "#/components/parameters/PaginatePosition" });
    expect(position.content["application/json"].schema.$ref).toBe("#/components/schemas/PagePosition");
    expect(deref({ $ref: "#/components/parameters/PaginateDirection" }).schema.enum).toEqual([
      "after",
      "before",
      "around",
    ]);
    const count = deref({ $ref: "#/components/parameters/PaginateCount" }).schema;
    expect([count.minimum, count.maximum, count.default]).toEqual([1, 50, 20]);
  });
});
