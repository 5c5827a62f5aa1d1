/**
 * `pnpm changeset:check`: fails when a published package changed since its last release and no pending
 * changeset names it. A package's last release is its git tag `<name>@<version>` (what `changeset publish`
 * creates); a package never released counts as changed.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { outputOf as run } from "../child-process.ts";
import { type PublicPackage, readPublicPackages } from "./public-packages.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Package names the pending changesets (.changeset/*.md) release. */
async function namedInChangesets(): Promise<Set<string>> {
  const dir = join(root, ".changeset");
  const files = (await readdir(dir)).filter((file) => file.endsWith(".md") && file !== "README.md");
  const names = new Set<string>();
  for (const file of files) {
    const frontMatter = /^---\n([\s\S]*?)\n---/.exec(await readFile(join(dir, file), "utf8"))?.[1];
    if (frontMatter === undefined) throw new Error(`.changeset/${file} has no front matter`);
    for (const name of Object.keys((parse(frontMatter) as Record<string, string> | null) ?? {}))
      names.add(name);
  }
  return names;
}

async function changedSinceRelease(pkg: PublicPackage): Promise<string[]> {
  const tag = `${pkg.name}@${pkg.version}`;
  const tagged = (await run("git", ["tag", "--list", tag], { cwd: root })).trim() === tag;
  if (!tagged) return [`${pkg.dir} (never released as ${pkg.version})`];
  const diff = await run(
    "git",
    ["diff", "--name-only", `${tag}..HEAD`, "--", pkg.dir, `:!${pkg.dir}/CHANGELOG.md`],
    { cwd: root },
  );
  return diff.split("\n").filter(Boolean);
}

const named = await namedInChangesets();
const problems: string[] = [];
for (const pkg of await readPublicPackages(root)) {
  const changed = await changedSinceRelease(pkg);
  if (changed.length > 0 && !named.has(pkg.name)) {
    problems.push(
      `${pkg.name} changed (${changed.slice(0, 3).join(", ")}${changed.length > 3 ? ", ..." : ""}) but no changeset names it`,
    );
  }
}
if (problems.length > 0) {
  console.error(`Missing changesets - run \`pnpm changeset\`:\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
console.log(
  `changesets: every changed package has one (${[...named].sort().join(", ") || "no pending changesets"})`,
);
