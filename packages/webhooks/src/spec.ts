import document from "@dashly/openapi/openapi.json" with { type: "json" };
import type { WebhookType } from "./types.ts";

/** The bundled `@dashly/openapi` document: the one description of what Dashly delivers. */
export const spec: unknown = document;

/** JSON pointer to the form schema of a webhook type in the spec. */
export function formSchemaPointer(type: WebhookType): string {
  return `/webhooks/${type}/post/requestBody/content/application~1x-www-form-urlencoded/schema`;
}

/** The value `pointer` (`/a/b~1c`) designates in the spec, or undefined. */
export function atPointer(pointer: string): unknown {
  let node: unknown = spec;
  for (const token of pointer.split("/").slice(1)) {
    if (typeof node !== "object" || node === null) return undefined;
    const key = token.replaceAll("~1", "/").replaceAll("~0", "~");
    node = Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}
