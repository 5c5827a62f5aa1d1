import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The bundled spec, as built by `pnpm build` (dist/openapi.json). */
export const specPath = fileURLToPath(new URL("../../dist/openapi.json", import.meta.url));
export const specYamlPath = fileURLToPath(new URL("../../dist/openapi.yaml", import.meta.url));

// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is walked generically in tests
export type Json = any;

export const spec: Json = JSON.parse(readFileSync(specPath, "utf8"));

export const httpMethods = ["get", "post", "put", "patch", "delete"] as const;

export interface Operation {
  method: string;
  path: string;
  operation: Json;
  pathItem: Json;
}

/** Every operation of `paths`, in document order. */
export function operations(): Operation[] {
  return Object.entries(spec.paths as Record<string, Json>).flatMap(([path, pathItem]) =>
    httpMethods
      .filter((method) => pathItem[method])
      .map((method) => ({ method, path, operation: pathItem[method], pathItem })),
  );
}

/** Follows a local `$ref` (one level at a time) until a non-reference object is reached. */
export function deref(node: Json): Json {
  let current = node;
  while (current && typeof current.$ref === "string") {
    current = pointer(current.$ref);
  }
  return current;
}

/** Escapes one key for use in a JSON pointer. */
export const pointerToken = (key: string) => key.replaceAll("~", "~0").replaceAll("/", "~1");

export function pointer(ref: string): Json {
  if (!ref.startsWith("#/")) throw new Error(`Only local references are expected in the bundle, got ${ref}`);
  return ref
    .slice(2)
    .split("/")
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce((node: Json, part) => node?.[part], spec);
}
