import { startFront } from "./front-server.ts";
import { launchPrism } from "./prism-process.ts";
import { defaultSpecFile, wireRulesFor } from "./spec-file.ts";
import { strictFetch } from "./violations.ts";

export interface MockOptions {
  /** Port to listen on; a free one the system picks when omitted. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Generate responses from the schemas instead of answering the spec's examples. */
  dynamic?: boolean;
  /** Seed of the dynamic generator, so that dynamic responses repeat run after run. */
  seed?: number | string;
  /** An OpenAPI file to serve instead of the bundled Dashly spec. */
  spec?: string;
  /** How long Prism may take to start before `startMock` gives up. Default 30 s. */
  startTimeoutMs?: number;
}

export interface RunningMock {
  /** Base URL of the mock, e.g. `http://127.0.0.1:4010`: use it as the client's `baseUrl`. */
  url: string;
  /** A `fetch` that throws `ContractViolationError` when the mock reports that a request broke the spec. */
  fetch: typeof fetch;
  /** Everything Prism printed so far. */
  output(): string;
  /** Stops the mock and waits until Prism's process is gone. */
  stop(): Promise<void>;
}

/**
 * Starts the mock: Prism on the Dashly spec, on a loopback port of its own, behind a front server on the
 * public port that applies Dashly's wire rules and answers refusals in Dashly's envelope. Resolves once both
 * listen.
 */
export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const spec = options.spec;
  const args = ["mock", spec ?? defaultSpecFile(), "-v", "warn"];
  if (options.dynamic) args.push("-d");
  if (options.seed !== undefined) args.push("--seed", String(options.seed));
  const prism = await launchPrism({ args, startTimeoutMs: options.startTimeoutMs });
  try {
    const front = await startFront({
      upstream: prism.url,
      rules: await wireRulesFor(spec),
      mode: "mock",
      host: options.host ?? "127.0.0.1",
      port: options.port ?? 0,
    });
    const stop = async () => {
      await front.stop();
      await prism.stop();
    };
    return { url: front.url, fetch: strictFetch(), output: prism.output, stop };
  } catch (error) {
    await prism.stop();
    throw error;
  }
}
