import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Screenshots for a person to look at, in packages/sandbox/test-output/ (git-ignored). */
export function screenshotPath(name: string): string {
  const folder = fileURLToPath(new URL("../../../test-output/", import.meta.url));
  mkdirSync(folder, { recursive: true });
  return `${folder}${name}.png`;
}
