import spec from "@dashly/openapi/openapi.json" with { type: "json" };

/** The bundled Dashly spec (`@dashly/openapi`): the one description the sandbox obeys. */
export const specDocument: SpecNode = spec as unknown as SpecNode;

/** The URI the spec is registered under in ajv, so that `$ref`s can point into it. */
export const SPEC_ID = "https://dashly-kit.invalid/openapi.json";

/** A node of the spec's JSON. */
export interface SpecNode {
  [key: string]: unknown;
}

/** The JSON pointer segment for `key` (RFC 6901). */
export function pointerSegment(key: string): string {
  return key.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** The node a local `$ref` (`#/components/...`) points to, following chains of `$ref`s. */
export function resolveRef(node: SpecNode): { node: SpecNode; pointer: string | undefined } {
  let current = node;
  let pointer: string | undefined;
  for (let hops = 0; typeof current.$ref === "string" && hops < 20; hops++) {
    pointer = current.$ref.slice(1);
    current = nodeAt(pointer);
  }
  return { node: current, pointer };
}

/** The node at a JSON pointer of the spec. */
export function nodeAt(pointer: string): SpecNode {
  let node: unknown = specDocument;
  for (const raw of pointer.split("/").slice(1)) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    node = (node as SpecNode | undefined)?.[key];
  }
  if (typeof node !== "object" || node === null) throw new Error(`The spec has nothing at ${pointer}`);
  return node as SpecNode;
}
