#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { consoleLogger } from "./cli/console-logger.ts";
import { OVERRIDE_KEYS, TRIGGERS, type TriggerName, trigger } from "./cli/trigger.ts";
import type { ValidationMode } from "./options.ts";
import { startSandbox } from "./start-sandbox.ts";
import type { Fixtures } from "./state/fixtures.ts";

const USAGE = `Usage:
  dashly-sandbox start [--port 4020] [--host 127.0.0.1] [--webhook-url URL] [--webhook-token T]
                       [--api-token T]... [--fixtures FILE] [--persist FILE]
                       [--validation strict|warn|off] [--rate-limit 60|off] [--quiet]
  dashly-sandbox trigger <${TRIGGERS.join("|")}> --to URL [--body TEXT] [--override key=value]...
                       [--webhook-token T] [--persist FILE] [--conversation ID]
    --override keys: ${OVERRIDE_KEYS.join(", ")}`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "start") return start(rest);
  if (command === "trigger") return triggerCommand(rest);
  if (command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  throw new UsageError(command ? `Unknown command ${command}` : "Name a command");
}

async function start(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      port: { type: "string", default: "4020" },
      host: { type: "string", default: "127.0.0.1" },
      "webhook-url": { type: "string" },
      "webhook-token": { type: "string" },
      "api-token": { type: "string", multiple: true },
      fixtures: { type: "string" },
      persist: { type: "string" },
      validation: { type: "string", default: "strict" },
      "rate-limit": { type: "string", default: "60" },
      quiet: { type: "boolean", default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port ${values.port} is not a port`);
  if (!["strict", "warn", "off"].includes(values.validation))
    throw new UsageError("--validation is strict, warn or off");
  const rateLimit = values["rate-limit"] === "off" ? false : { limit: Number(values["rate-limit"]) };
  if (rateLimit && (!Number.isInteger(rateLimit.limit) || rateLimit.limit < 1))
    throw new UsageError("--rate-limit is a number of requests a minute, or off");
  const sandbox = await startSandbox({
    port,
    host: values.host,
    webhookUrl: values["webhook-url"],
    webhookToken: values["webhook-token"],
    apiTokens: values["api-token"],
    fixtures: values.fixtures ? (JSON.parse(readFileSync(values.fixtures, "utf8")) as Fixtures) : undefined,
    persist: values.persist,
    validation: values.validation as ValidationMode,
    rateLimit,
    logger: consoleLogger(process.stdout, process.stderr, { requests: !values.quiet }),
    replaceGlobalFetchClasses: true,
  });
  process.stdout.write(
    [
      "Dashly sandbox",
      `  API base   ${sandbox.apiUrl}`,
      `  chat       ${sandbox.url}/chat/`,
      `  docs       ${sandbox.url}/docs/`,
      `  control    ${sandbox.url}/_sandbox (spec: ${sandbox.url}/_sandbox/openapi.yaml)`,
      `  webhooks   ${values["webhook-url"] ?? "(none: pass --webhook-url)"}`,
      `  app        ${sandbox.ids.appId}`,
      "",
    ].join("\n"),
  );
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await sandbox.stop();
  return 0;
}

async function triggerCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      to: { type: "string" },
      body: { type: "string", default: "Hello, how are you" },
      override: { type: "string", multiple: true },
      "webhook-token": { type: "string" },
      persist: { type: "string" },
      conversation: { type: "string" },
      "timeout-ms": { type: "string", default: "10000" },
    },
  });
  const what = positionals[0];
  if (!what || !(TRIGGERS as readonly string[]).includes(what))
    throw new UsageError(`trigger what? ${TRIGGERS.join(" or ")}`);
  if (!values.to) throw new UsageError("trigger needs --to URL (the bot's webhook URL)");
  const overrides: Record<string, string> = {};
  for (const pair of values.override ?? []) {
    const at = pair.indexOf("=");
    if (at < 1) throw new UsageError(`--override ${pair}: write key=value`);
    overrides[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const { delivery, conversationId } = await trigger({
    what: what as TriggerName,
    to: values.to,
    body: values.body,
    overrides,
    webhookToken: values["webhook-token"],
    persist: values.persist,
    conversation: values.conversation,
    timeoutMs: Number(values["timeout-ms"]),
  });
  const outcome =
    delivery.status === "delivered" ? `delivered (${delivery.responseStatus})` : `failed: ${delivery.error}`;
  process.stdout.write(
    `${what} in conversation ${conversationId} -> ${values.to}: ${outcome}\n${JSON.stringify(delivery.payload, null, 2)}\n`,
  );
  return delivery.status === "delivered" ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const usage =
      error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    process.stderr.write(`dashly-sandbox: ${(error as Error).message}\n${usage ? `${USAGE}\n` : ""}`);
    process.exitCode = usage ? 2 : 1;
  },
);
