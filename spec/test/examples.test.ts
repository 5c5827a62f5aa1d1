import { describe, expect, it } from "vitest";
import { type Json, pointerToken, spec } from "./support/spec.ts";
import { validateAt } from "./support/validator.ts";

interface Example {
  where: string;
  schemaPointer: string;
  value: Json;
}

/**
 * Every example in the spec, with the schema it illustrates: `examples` of media types, parameters and
 * headers (checked against their `schema`), and the `examples` list of any schema.
 */
function collectExamples(node: Json, path: string[] = []): Example[] {
  if (node === null || typeof node !== "object") return [];
  const found: Example[] = [];
  const here = path.map(pointerToken).join("/");
  const schemaPointer = `/${here}/schema`;
  if (node.schema && node.example !== undefined) {
    found.push({ where: `${here}/example`, schemaPointer, value: node.example });
  }
  if (node.schema && node.examples && !Array.isArray(node.examples)) {
    for (const [name, example] of Object.entries<Json>(node.examples)) {
      found.push({ where: `${here}/examples/${name}`, schemaPointer, value: example.value });
    }
  }
  if (Array.isArray(node.examples)) {
    node.examples.forEach((value: Json, index: number) => {
      found.push({ where: `${here}/examples/${index}`, schemaPointer: `/${here}`, value });
    });
  }
  for (const [key, child] of Object.entries<Json>(node)) {
    if (key === "examples" || key === "example") continue;
    found.push(...collectExamples(child, [...path, key]));
  }
  return found;
}

const examples = collectExamples(spec);

describe("the spec's examples", () => {
  it("are many, in every part of the spec", () => {
    expect(examples.length).toBeGreaterThan(80);
    expect(examples.some((example) => example.where.startsWith("webhooks/"))).toBe(true);
    expect(examples.some((example) => example.where.includes("requestBody"))).toBe(true);
  });

  it.each(examples.map((example) => [example.where, example] as const))("%s is valid", (_where, example) => {
    expect(validateAt(example.schemaPointer, example.value)).toEqual([]);
  });

  it("include a 64-bit ID beyond 2^53 and a float cursor", () => {
    const text = JSON.stringify(examples.map((example) => example.value));
    const ids = [...text.matchAll(/"(\d{17,20})"/g)].map((match) => BigInt(match[1] ?? "0"));
    expect(ids.some((id) => id > 2n ** 53n)).toBe(true);
    const cursors = examples
      .map((example) => example.value?.meta?.next_after)
      .filter((cursor) => cursor !== undefined);
    expect(cursors.some((cursor) => typeof cursor === "number" && !Number.isInteger(cursor))).toBe(true);
    expect(cursors).toContain(null);
  });
});

describe("the validator", () => {
  it("rejects what breaks a schema, so the checks above can fail", () => {
    expect(validateAt("/components/schemas/PropOperation", { op: "bogus", key: "k", value: 1 })).not.toEqual(
      [],
    );
    expect(validateAt("/components/schemas/PropOperation", { op: "add", key: "k" })).not.toEqual([]);
    expect(validateAt("/components/schemas/PropOperation", { op: "delete", key: "k" })).toEqual([]);
    expect(validateAt("/components/schemas/Id", "12a")).not.toEqual([]);
    expect(validateAt("/components/schemas/Id", "1160406004324630614")).toEqual([]);
    expect(validateAt("/components/schemas/Id", 0)).not.toEqual([]);
    expect(
      validateAt("/components/schemas/UserFilterCondition", {
        type: "range",
        property_name: "age",
        value: { value: 3 },
      }),
    ).not.toEqual([]);
    expect(
      validateAt("/components/schemas/ErrorEnvelope", { meta: { status: 400, error: "Nope" }, data: {} }),
    ).not.toEqual([]);
  });
});
