import { createRequire } from "node:module";

/** Path of the bundled Dashly spec shipped by @dashly/openapi. */
export function defaultSpecFile(): string {
  return createRequire(import.meta.url).resolve("@dashly/openapi/openapi.yaml");
}
