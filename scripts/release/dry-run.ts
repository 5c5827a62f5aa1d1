/**
 * `pnpm release:dry-run`: the whole release path with nothing leaving the machine. In a fresh clone of the
 * repository: `changeset version` (versions, changelogs, internal dependencies), build, `changeset publish`
 * to a loopback registry; then a project outside the workspace installs the published packages the way a
 * user would and uses them from ESM, CommonJS, TypeScript (node16 and bundler), against the mock, and
 * through types generated from the published spec by openapi-typescript and by two other generators teams use
 * (@hey-api/openapi-ts, swagger-typescript-api), whose output must type every body (no `unknown` member).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { outputOf as run, runOrThrow } from "../child-process.ts";
import { startFakeRegistry } from "./fake-registry.ts";
import { readPublicPackages } from "./public-packages.ts";
import { unknownMembers } from "./unknown-members.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const work = await mkdtemp(join(tmpdir(), "dashly-release-"));
const repo = join(work, "repo");
const registry = await startFakeRegistry();
const started = performance.now();
const step = (text: string) =>
  console.log(`release dry run: ${text} (${((performance.now() - started) / 1000).toFixed(1)} s)`);

try {
  step(`cloning ${root} (committed state) into ${repo}`);
  await run("git", ["clone", "--quiet", root, repo], { cwd: work });
  await run("git", ["config", "user.email", "release@dashly-kit.invalid"], { cwd: repo });
  await run("git", ["config", "user.name", "release dry run"], { cwd: repo });
  await run("pnpm", ["install", "--frozen-lockfile", "--prefer-offline"], { cwd: repo });

  step("changeset version");
  const before = await readPublicPackages(repo);
  await run("pnpm", ["run", "version-packages"], { cwd: repo });
  const after = await readPublicPackages(repo);
  for (const pkg of after) {
    const old = before.find((candidate) => candidate.name === pkg.name);
    console.log(`  ${pkg.name}: ${old?.version} -> ${pkg.version}`);
  }
  const changelogs = await Promise.all(
    after.map((pkg) => readFile(join(repo, pkg.dir, "CHANGELOG.md"), "utf8").catch(() => "")),
  );
  const missing = after.filter((pkg, index) => !changelogs[index]?.includes(`## ${pkg.version}`));
  if (missing.length > 0)
    throw new Error(`no CHANGELOG entry for ${missing.map((pkg) => pkg.name).join(", ")}`);

  step("build and publish to the loopback registry");
  await run("pnpm", ["run", "build"], { cwd: repo, env: { TURBO_TELEMETRY_DISABLED: "1" } });
  // changeset publish runs `npm publish` in each package's folder, where npm does not read the repository's
  // .npmrc: the registry and its token go in a user config of their own, named in the environment.
  const host = new URL(registry.url).host;
  const npmrc = join(work, "npmrc");
  await writeFile(npmrc, `registry=${registry.url}/\n//${host}/:_authToken=dry-run-token\n`);
  await run("pnpm", ["exec", "changeset", "publish"], {
    cwd: repo,
    env: { npm_config_registry: `${registry.url}/`, npm_config_userconfig: npmrc },
  });
  const published = registry.published();
  for (const pkg of after) {
    if (!published.get(pkg.name)?.includes(pkg.version))
      throw new Error(`${pkg.name}@${pkg.version} was not published`);
  }
  if (published.has("@dashly/bot")) throw new Error("the private bot was published");
  console.log(
    `  published: ${[...published].map(([name, versions]) => `${name}@${versions.join(",")}`).join(" ")}`,
  );

  step("installing the published packages in a project outside the workspace");
  const consumer = join(work, "consumer");
  await cp(join(root, "test-projects/consumer"), consumer, { recursive: true });
  await writeFile(join(consumer, ".npmrc"), `@dashly:registry=${registry.url}/\n`);
  await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: consumer });
  const publishedSpec = "node_modules/@dashly/openapi/dist/openapi.yaml";
  const checks: Array<[string, string, string[]]> = [
    ["import from ESM", "node", ["esm.mjs"]],
    ["require from CommonJS", "node", ["cjs.cjs"]],
    ["type-check, moduleResolution node16", "npx", ["tsc", "-p", "tsconfig.node16.json"]],
    ["type-check, moduleResolution bundler", "npx", ["tsc", "-p", "tsconfig.bundler.json"]],
    ["type-check with no Node types (edge runtimes)", "npx", ["tsc", "-p", "tsconfig.edge.json"]],
    ["the client against the mock", "node", ["mock-client.mjs"]],
    ["the client against the sandbox, its webhook parsed", "node", ["sandbox-client.mjs"]],
    [
      "openapi-typescript on the published spec",
      "npx",
      ["openapi-typescript", publishedSpec, "-o", "schema.d.ts"],
    ],
    ["type-check against the generated types", "npx", ["tsc", "-p", "tsconfig.generated.json"]],
    [
      "@hey-api/openapi-ts on the published spec",
      "npx",
      ["openapi-ts", "-i", publishedSpec, "-o", "hey-api", "-p", "@hey-api/typescript"],
    ],
    [
      "swagger-typescript-api on the published spec",
      "npx",
      ["swagger-typescript-api", "generate", "-p", publishedSpec, "-o", "sta", "--no-client"],
    ],
  ];
  for (const [label, command, args] of checks) {
    const { wallMs } = await runOrThrow(command, args, { cwd: consumer });
    console.log(`  ok  ${label} (${(wallMs / 1000).toFixed(1)} s)`);
  }
  for (const emitted of ["schema.d.ts", "hey-api/types.gen.ts", "sta/Api.ts"]) {
    const found = unknownMembers(await readFile(join(consumer, emitted), "utf8"));
    if (found.length > 0) throw new Error(`${emitted} types something as unknown:\n${found.join("\n")}`);
  }
  console.log("  ok  no `unknown` member in what the three generators emit");
  const { wallMs } = await runOrThrow("npx", ["tsc", "-p", "tsconfig.other-generators.json"], {
    cwd: consumer,
  });
  console.log(`  ok  type-check against the other generators' types (${(wallMs / 1000).toFixed(1)} s)`);
  step("passed");
} finally {
  await registry.stop();
  await rm(work, { recursive: true, force: true });
}
