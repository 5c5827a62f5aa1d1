import type {} from "vitest";
import { type MockOptions, startMock } from "./start-mock.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the Dashly mock started by `@dashly/mock/vitest`. */
    dashlyMockUrl: string;
  }
}

interface GlobalSetupContext {
  provide(key: "dashlyMockUrl", value: string): void;
}

/** Options from the environment: `DASHLY_MOCK_DYNAMIC=1`, `DASHLY_MOCK_SEED=42`, `DASHLY_MOCK_SPEC=path`. */
function optionsFromEnvironment(): MockOptions {
  const options: MockOptions = {};
  if (process.env.DASHLY_MOCK_DYNAMIC === "1") options.dynamic = true;
  if (process.env.DASHLY_MOCK_SEED) options.seed = process.env.DASHLY_MOCK_SEED;
  if (process.env.DASHLY_MOCK_SPEC) options.spec = process.env.DASHLY_MOCK_SPEC;
  return options;
}

/**
 * A vitest `globalSetup`: starts the mock once for the whole run and provides its URL, so that a test
 * reads it with `inject("dashlyMockUrl")`. Add `globalSetup: ["@dashly/mock/vitest"]` to the config.
 */
export default async function setup({ provide }: GlobalSetupContext): Promise<() => Promise<void>> {
  const mock = await startMock(optionsFromEnvironment());
  provide("dashlyMockUrl", mock.url);
  return () => mock.stop();
}
