import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One mock (Prism) for the whole run; each test file puts its own fault injector in front of it.
    globalSetup: ["@dashly/mock/vitest"],
    testTimeout: 30_000,
    hookTimeout: 40_000,
  },
});
