import { bundle, createConfig } from "@redocly/openapi-core";

/** A bundled spec: one document with every external `$ref` pulled into `components`. */
export type OpenApiDocument = Record<string, unknown>;

/**
 * Resolves the split spec rooted at `entry` into one document. Fails on any unresolved reference,
 * so a broken `$ref` never reaches the client generator or the mock.
 */
export async function bundleSpec(entry: string): Promise<OpenApiDocument> {
  const config = await createConfig({});
  const result = await bundle({ ref: entry, config, dereference: false, removeUnusedComponents: false });
  const errors = result.problems.filter((problem) => problem.severity === "error");
  if (errors.length > 0) {
    const reasons = errors.map((problem) => `- ${problem.message} (${problem.location[0]?.pointer ?? "?"})`);
    throw new Error(`The spec at ${entry} does not bundle:\n${reasons.join("\n")}`);
  }
  return result.bundle.parsed as OpenApiDocument;
}
