/** Writes src/generated/schema.ts from the bundled spec (run `pnpm generate`, then commit the result). */
import { writeFile } from "node:fs/promises";
import { generateSchemaSource } from "./schema-source.ts";

const target = new URL("../src/generated/schema.ts", import.meta.url);
await writeFile(target, await generateSchemaSource());
console.log("generated src/generated/schema.ts");
