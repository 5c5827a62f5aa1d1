import type { Logger } from "../options.ts";

/**
 * The CLI's logger: one line per request (`POST /v1/conversations/1/reply 200`), violations and delivery
 * problems on stderr (`--quiet`: only those). What it prints comes from the sandbox's log objects, which never hold a token (paths
 * are logged without their query).
 */
export function consoleLogger(
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
  options: { requests: boolean },
): Logger {
  const line = (
    stream: NodeJS.WritableStream,
    level: string,
    object: Record<string, unknown>,
    message: string,
  ) => {
    const time = new Date().toISOString().slice(11, 23);
    const details = Object.entries(object)
      .filter(([key]) => !["method", "path", "status"].includes(key))
      .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(" | ") : String(value)}`);
    stream.write(
      `${time} ${level.padEnd(5)} ${message}${details.length > 0 ? `  ${details.join("  ")}` : ""}\n`,
    );
  };
  return {
    debug: () => {},
    // `--quiet` drops the line of each request that went well; warnings and errors are always printed.
    info: (object, message) => {
      if (options.requests) line(out, "info", object, message);
    },
    warn: (object, message) => line(err, "warn", object, message),
    error: (object, message) => line(err, "error", object, message),
  };
}
