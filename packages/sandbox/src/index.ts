export type { Logger, SandboxOptions, ValidationMode } from "./options.ts";
export { IN_PROCESS_ORIGIN, type RunningSandbox, startSandbox } from "./start-sandbox.ts";
export type { Fixtures, SeedResult } from "./state/fixtures.ts";
export type { StateSnapshot } from "./state/records.ts";
export type { Delivery } from "./webhooks/delivery-log.ts";
