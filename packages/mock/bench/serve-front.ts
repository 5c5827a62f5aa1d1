// The bench's servers, in a process of their own as in real use (the load generator must not share the
// front's event loop): Prism, and the front before it. Prints both URLs as one JSON line; stops on SIGTERM.
import { startFront } from "../src/front-server.ts";
import { launchPrism } from "../src/prism-process.ts";
import { defaultSpecFile } from "../src/spec-file.ts";
import { applyWireRules } from "../src/wire/rules.ts";

const prism = await launchPrism({ args: ["mock", defaultSpecFile(), "-v", "warn"] });
const front = await startFront({
  upstream: prism.url,
  rules: applyWireRules,
  mode: "mock",
  host: "127.0.0.1",
  port: 0,
});
console.log(
  JSON.stringify({ prism: prism.url, front: front.url, prismPid: prism.pid, frontPid: process.pid }),
);
process.once("SIGTERM", () => {
  void front
    .stop()
    .then(() => prism.stop())
    .then(() => process.exit(0));
});
