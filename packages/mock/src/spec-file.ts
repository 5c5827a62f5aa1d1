import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { parse } from "yaml";
import { applyWireRules, createWireRules, type WireRules } from "./wire/rules.ts";
import type { OpenApiDocument } from "./wire/spec-operations.ts";

/** Path of the bundled Dashly spec shipped by @dashly/openapi. */
export function defaultSpecFile(): string {
  return createRequire(import.meta.url).resolve("@dashly/openapi/openapi.yaml");
}

/**
 * The wire rules for the spec Prism serves: the bundled spec's, or those of `file` (JSON or YAML; its local
 * `$ref`s are followed, so a bundled file gives the full rules).
 */
export async function wireRulesFor(file: string | undefined): Promise<WireRules> {
  if (file === undefined) return applyWireRules;
  return createWireRules(parse(await readFile(file, "utf8")) as OpenApiDocument);
}
