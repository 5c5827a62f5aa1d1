import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each file starts its own redis-server; the multi-process tests run for a few windows of 2 s.
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
