import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Several tests start real processes (the CLI) and servers; a machine shared by many jobs can be slow.
    testTimeout: 20_000,
  },
});
