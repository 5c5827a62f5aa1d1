import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The package's own globalSetup, used exactly as a consumer would use `@dashly/mock/vitest`.
    globalSetup: ["./src/vitest.ts"],
    testTimeout: 30_000,
    hookTimeout: 40_000,
  },
});
