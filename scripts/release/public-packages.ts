import { readFile } from "node:fs/promises";
import { join } from "node:path";

export interface PublicPackage {
  name: string;
  version: string;
  /** Folder, relative to the repository root. */
  dir: string;
}

/** The packages this repository publishes (the apps are private). */
export const publicPackageDirs = [
  "spec",
  "packages/client",
  "packages/mock",
  "packages/webhooks",
  "packages/sandbox",
  "packages/redis",
];

export async function readPublicPackages(root: string): Promise<PublicPackage[]> {
  return Promise.all(
    publicPackageDirs.map(async (dir) => {
      const manifest = JSON.parse(await readFile(join(root, dir, "package.json"), "utf8")) as {
        name: string;
        version: string;
      };
      return { name: manifest.name, version: manifest.version, dir };
    }),
  );
}
