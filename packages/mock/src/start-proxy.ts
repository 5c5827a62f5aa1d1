import getPort from "get-port";
import { launchPrism } from "./prism-process.ts";
import { defaultSpecFile } from "./spec-file.ts";

export interface ProxyOptions {
  /** The real server to forward to, e.g. a staging deployment or a local fake. */
  upstream: string;
  port?: number;
  host?: string;
  /** An OpenAPI file to validate against instead of the bundled Dashly spec. */
  spec?: string;
  startTimeoutMs?: number;
}

/** A violation Prism logged while proxying, e.g. `{ location: "response.body.data.id", message: "..." }`. */
export interface LoggedViolation {
  location: string;
  message: string;
}

export interface RunningProxy {
  url: string;
  /** Every violation Prism has logged so far, requests' and responses' alike, oldest first. */
  violations(): LoggedViolation[];
  output(): string;
  stop(): Promise<void>;
}

const violationLine = /Violation: (\S+) (.+)$/;

/**
 * Starts Prism as a validating proxy: requests go to `upstream` unchanged and come back unchanged, and every
 * request or response that breaks the spec is reported, in the response's `sl-violations` header (which
 * `strictFetch` turns into an error) and in `violations()`.
 */
export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const upstream = new URL(options.upstream).toString();
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? (await getPort({ host }));
  const args = [
    "proxy",
    options.spec ?? defaultSpecFile(),
    upstream,
    "-h",
    host,
    "-p",
    String(port),
    "-v",
    "warn",
  ];
  const prism = await launchPrism({ args, host, port, startTimeoutMs: options.startTimeoutMs });
  const violations = () =>
    prism
      .output()
      .split("\n")
      .map((line) => violationLine.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map(([, location = "", message = ""]) => ({ location, message: message.trim() }));
  return { url: prism.url, violations, output: prism.output, stop: prism.stop };
}
