import { describe, expect, it } from "vitest";
import { type Json, pointerToken, spec } from "./support/spec.ts";
import { validateAt } from "./support/validator.ts";

/**
 * Code generators (openapi-typescript, @hey-api/openapi-ts, swagger-typescript-api) type a member of
 * `anyOf`/`oneOf`/`allOf` that declares no type of its own (e.g. `{required: [body]}` or `{if, then}`) as
 * `unknown`, and `X | unknown` lets any value through. Every member here must say what it is.
 */
function untypedMembers(node: Json, path: string[] = []): string[] {
  if (node === null || typeof node !== "object") return [];
  const found: string[] = [];
  for (const keyword of ["anyOf", "oneOf", "allOf"]) {
    if (!Array.isArray(node[keyword])) continue;
    node[keyword].forEach((member: Json, index: number) => {
      const typed = ["$ref", "type", "const", "enum", "properties", "items", "allOf", "anyOf", "oneOf"].some(
        (key) => key in member,
      );
      if (!typed) found.push(`${[...path, keyword, index].map(String).map(pointerToken).join("/")}`);
    });
  }
  for (const [key, child] of Object.entries<Json>(node)) {
    if (key === "examples" || key === "example") continue;
    found.push(...untypedMembers(child, [...path, key]));
  }
  return found;
}

describe("the spec, for code generators", () => {
  it("has no composition member without a type", () => {
    expect(untypedMembers(spec)).toEqual([]);
  });

  it("catches one, so the check above can fail", () => {
    const schema = { type: "object", anyOf: [{ required: ["body"] }, { $ref: "#/x" }] };
    expect(untypedMembers(schema)).toEqual(["anyOf/0"]);
  });
});

describe("a body or a file, without an untyped anyOf", () => {
  const reply = "/components/schemas/ConversationReply";
  const start = "/components/schemas/StartConversation";

  it("a reply needs a body or an attachment", () => {
    expect(validateAt(reply, { body: "Hi" })).toEqual([]);
    expect(validateAt(reply, { attachment: "file bytes" })).toEqual([]);
    expect(validateAt(reply, { from_admin: "default_admin" })).not.toEqual([]);
    expect(validateAt(reply, { body: "Hi", bogus: 1 })).not.toEqual([]);
  });

  it("a visitor's first message needs a body, or a file with its name", () => {
    expect(validateAt(start, { body: "Hello" })).toEqual([]);
    expect(validateAt(start, { file: "bytes", filename: "a.png" })).toEqual([]);
    expect(validateAt(start, { file: "bytes" })).not.toEqual([]);
    expect(validateAt(start, { referrer: "https://example.com" })).not.toEqual([]);
  });
});

describe("arguments the docs send in the form", () => {
  const form = (path: string) =>
    `/paths/${pointerToken(path)}/post/requestBody/content/application~1x-www-form-urlencoded/schema`;
  const operations = [{ op: "add", key: "orders", value: 1 }];

  it("are optional form fields, and the forms still refuse unknown fields", () => {
    expect(validateAt(form("/users/{id}/props"), { operations, by_user_id: true, app: "3" })).toEqual([]);
    expect(validateAt(form("/users/{id}/events"), { event: "Paid", by_user_id: "1", app: 3 })).toEqual([]);
    expect(validateAt(form("/conversations/{id}/close"), { from_admin: "5", id_as_string: "True" })).toEqual(
      [],
    );
    expect(validateAt(form("/users/{id}/props"), { operations, by_user: true })).not.toEqual([]);
    expect(validateAt(form("/users/{id}/props"), { operations, by_user_id: "flase" })).not.toEqual([]);
  });
});

describe("Flag, a boolean as Dashly reads it", () => {
  const flag = "/components/schemas/Flag";

  it.each([true, false, "true", "True", "FALSE", "1", "0", ""])("accepts %j", (value) => {
    expect(validateAt(flag, value)).toEqual([]);
  });

  it.each(["flase", "yes", "2", 1])("refuses %j", (value) => {
    expect(validateAt(flag, value)).not.toEqual([]);
  });

  it("types every boolean argument of the operations", () => {
    const text = JSON.stringify(spec.paths) + JSON.stringify(spec.components.parameters);
    expect(text).not.toMatch(/"type":"boolean"/);
  });
});
