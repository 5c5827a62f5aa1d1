import { startFront } from "./front-server.ts";
import { launchPrism } from "./prism-process.ts";
import { defaultSpecFile, wireRulesFor } from "./spec-file.ts";

export interface ProxyOptions {
  /** The real server to forward to, e.g. a staging deployment or a local fake. */
  upstream: string;
  /** Default: a free port the system picks. */
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
 * Starts Prism as a validating proxy: requests go to `upstream` and answers come back unchanged, and every
 * request or response that breaks the spec is reported, in the response's `sl-violations` header (which
 * `strictFetch` turns into an error) and in `violations()`. The front applies Dashly's wire rules first
 * (trailing slash, arguments where the spec declares them), so Prism judges what Dashly would read.
 */
export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const upstream = new URL(options.upstream).toString();
  const args = ["proxy", options.spec ?? defaultSpecFile(), upstream, "-v", "warn"];
  const prism = await launchPrism({ args, startTimeoutMs: options.startTimeoutMs });
  try {
    const front = await startFront({
      upstream: prism.url,
      rules: await wireRulesFor(options.spec),
      mode: "proxy",
      host: options.host ?? "127.0.0.1",
      port: options.port ?? 0,
    });
    const violations = () =>
      prism
        .output()
        .split("\n")
        .map((line) => violationLine.exec(line))
        .filter((match): match is RegExpExecArray => match !== null)
        .map(([, location = "", message = ""]) => ({ location, message: message.trim() }));
    const stop = async () => {
      await front.stop();
      await prism.stop();
    };
    return { url: front.url, violations, output: prism.output, stop };
  } catch (error) {
    await prism.stop();
    throw error;
  }
}
