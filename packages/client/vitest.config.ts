import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Contract tests run against one Prism mock of the spec for the whole run.
    globalSetup: ["@dashly/mock/vitest"],
    testTimeout: 20_000,
    hookTimeout: 40_000,
  },
});
