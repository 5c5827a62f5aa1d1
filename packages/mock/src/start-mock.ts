import getPort from "get-port";
import { launchPrism } from "./prism-process.ts";
import { defaultSpecFile } from "./spec-file.ts";
import { strictFetch } from "./violations.ts";

export interface MockOptions {
  /** Port to listen on; a free one when omitted. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Generate responses from the schemas instead of answering the spec's examples. */
  dynamic?: boolean;
  /** Seed of the dynamic generator, so that dynamic responses repeat run after run. */
  seed?: number | string;
  /** An OpenAPI file to serve instead of the bundled Dashly spec. */
  spec?: string;
  /** How long Prism may take to answer before `startMock` gives up. Default 30 s. */
  startTimeoutMs?: number;
}

export interface RunningMock {
  /** Base URL of the mock, e.g. `http://127.0.0.1:4010`: use it as the client's `baseUrl`. */
  url: string;
  /** A `fetch` that throws `ContractViolationError` when Prism reports that a request broke the spec. */
  fetch: typeof fetch;
  /** Everything Prism printed so far. */
  output(): string;
  /** Stops Prism and waits until its process is gone. */
  stop(): Promise<void>;
}

/** Starts Prism on the Dashly spec and resolves once it answers. */
export async function startMock(options: MockOptions = {}): Promise<RunningMock> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? (await getPort({ host }));
  const args = ["mock", options.spec ?? defaultSpecFile(), "-h", host, "-p", String(port), "-v", "warn"];
  if (options.dynamic) args.push("-d");
  if (options.seed !== undefined) args.push("--seed", String(options.seed));
  const prism = await launchPrism({ args, host, port, startTimeoutMs: options.startTimeoutMs });
  return { url: prism.url, fetch: strictFetch(), output: prism.output, stop: prism.stop };
}
