#!/usr/bin/env node
import { parseArgs } from "node:util";
import { startMock } from "./start-mock.ts";
import { startProxy } from "./start-proxy.ts";

const usage = `Usage:
  dashly-mock [--port N] [--dynamic] [--seed S] [--spec FILE]
      Serves the Dashly API mock (default port 4010, or $PORT).
  dashly-mock proxy --upstream URL [--port N] [--spec FILE]
      Forwards to URL and reports every request and response that breaks the spec.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    port: { type: "string" },
    host: { type: "string", default: "127.0.0.1" },
    dynamic: { type: "boolean", default: false },
    seed: { type: "string" },
    spec: { type: "string" },
    upstream: { type: "string" },
    help: { type: "boolean", default: false },
  },
});

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

if (values.help) {
  console.log(usage);
  process.exit(0);
}

const command = positionals[0] ?? "serve";
const port = Number(values.port ?? process.env.PORT ?? 4010);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`Not a port: ${values.port ?? process.env.PORT}`);

if (command === "serve") {
  const mock = await startMock({
    port,
    host: values.host,
    dynamic: values.dynamic,
    ...(values.seed !== undefined && { seed: values.seed }),
    ...(values.spec !== undefined && { spec: values.spec }),
  });
  console.log(`Dashly API mock listening on ${mock.url}`);
  stopOnSignal(mock.stop);
} else if (command === "proxy") {
  if (!values.upstream) fail("proxy needs --upstream URL");
  const proxy = await startProxy({
    upstream: values.upstream,
    port,
    host: values.host,
    ...(values.spec !== undefined && { spec: values.spec }),
  });
  console.log(`Validating proxy to ${values.upstream} listening on ${proxy.url}`);
  let reported = 0;
  const report = setInterval(() => {
    for (const violation of proxy.violations().slice(reported)) {
      console.log(`spec violation: ${violation.location}: ${violation.message}`);
      reported += 1;
    }
  }, 200);
  stopOnSignal(async () => {
    clearInterval(report);
    await proxy.stop();
  });
} else {
  fail(`Unknown command: ${command}`);
}

function stopOnSignal(stop: () => Promise<void>): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void stop().then(() => process.exit(0));
    });
  }
}
