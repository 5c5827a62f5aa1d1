import { type FaultInjectorOptions, type RunningFaultInjector, startFaultInjector } from "@dashly/mock";
import type {} from "@dashly/mock/vitest";
import { inject } from "vitest";
import { type RunningBot, startBot } from "../../src/bot.ts";
import { readConfig } from "../../src/config.ts";

/**
 * The API a test file's bot answers through: a fault injector (which counts what reaches the API) in front
 * of the run's one mock, started once by `@dashly/mock/vitest` (see vitest.config.ts).
 */
export function startApi(
  options: Partial<Omit<FaultInjectorOptions, "upstream">> = {},
): Promise<RunningFaultInjector> {
  return startFaultInjector({ faultRate: 0, ...options, upstream: inject("dashlyMockUrl") });
}

/** The bot in this process, on a port of its own, logging nothing unless told. */
export function startBotInProcess(env: Record<string, string>): Promise<RunningBot> {
  return startBot(readConfig({ PORT: "0", LOG_LEVEL: "silent", ...env }));
}
