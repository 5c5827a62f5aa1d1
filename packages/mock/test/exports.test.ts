import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));

/** Imports the built package by its name, as a consumer does (Node resolves a package's own name). */
const script = `
import { applyWireRules, dashlyError } from "@dashly/mock/wire";
import { createRequire } from "node:module";
const { patchSource } = createRequire(process.cwd() + "/")("@dashly/mock/prism-patches");
const outcome = await applyWireRules({ method: "GET", path: "/users/1/", query: "auth_token=t" });
console.log(JSON.stringify({
  operationId: outcome.ok ? outcome.request.operationId : outcome.refusal.status,
  envelope: dashlyError(404, "Error404", "API method does not exist"),
  patchSource: typeof patchSource,
}));`;

it("publishes the wire rules at @dashly/mock/wire and the Prism patch hook at @dashly/mock/prism-patches", async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
    cwd: packageDir,
  });
  expect(JSON.parse(stdout)).toEqual({
    operationId: "getUser",
    envelope: {
      meta: { status: 404, error: "Error404", error_message: "API method does not exist" },
      data: {},
    },
    patchSource: "function",
  });
});
