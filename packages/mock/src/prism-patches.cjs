// Preloaded (`node --require`) into the Prism process that @dashly/mock starts. Outside this project's
// workspace, npm and pnpm install Prism unpatched; this hook applies the same patch files (../patches) to
// the two Prism modules in memory as Node loads them, so JSON-encoded form fields and query parameters are
// validated wherever the mock runs. A module that already carries the patch (the workspace) is left alone.
"use strict";
const Module = require("node:module");
const { readFileSync, readdirSync } = require("node:fs");
const { dirname, join, sep } = require("node:path");
const { applyPatch, parsePatch } = require("diff");

const marker = "dashly patch";
const patchesDir = join(__dirname, "..", "patches");

/** "@stoplight/prism-http/dist/validator/validators/body.js" -> { version, patch } */
const targets = new Map();
for (const file of readdirSync(patchesDir).filter((name) => name.endsWith(".patch"))) {
  const [, scope, name, version] = /^(@[^_]+)__(.+)@([^@]+)\.patch$/.exec(file) ?? [];
  if (!scope) continue;
  for (const patch of parsePatch(readFileSync(join(patchesDir, file), "utf8"))) {
    const relative = patch.newFileName.replace(/^b\//, "");
    targets.set(`${scope}/${name}/${relative}`.split("/").join(sep), { version, patch, file });
  }
}

function targetOf(filename) {
  for (const [suffix, target] of targets) {
    if (filename.endsWith(`${sep}node_modules${sep}${suffix}`)) return { suffix, ...target };
  }
  return undefined;
}

function packageVersion(filename, suffix) {
  const packageRoot =
    filename.slice(0, filename.length - suffix.length) + suffix.split(sep).slice(0, 2).join(sep);
  return JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")).version;
}

/** The source Node should compile for `filename`: patched when it is one of the patched Prism modules. */
function patchSource(filename, content) {
  const target = targetOf(filename);
  if (!target || content.includes(marker)) return content;
  const version = packageVersion(filename, target.suffix);
  const patched = version === target.version ? applyPatch(content, target.patch) : false;
  if (patched === false) {
    throw new Error(
      `@dashly/mock cannot apply ${target.file} to ${dirname(filename)} (installed version ${version}). ` +
        "Install the Prism versions @dashly/mock pins.",
    );
  }
  return patched;
}

const compile = Module.prototype._compile;
Module.prototype._compile = function compileWithDashlyPatch(content, filename) {
  return compile.call(this, patchSource(filename, content), filename);
};

module.exports = { patchSource };
