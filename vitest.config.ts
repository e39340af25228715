import path from "node:path";

import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "@": path.resolve(import.meta.dirname) },
  },
  test: {
    include: [
      "server/**/*.test.ts",
      "db/**/*.test.ts",
      "tests/**/*.test.ts",
      "agents/**/*.test.ts",
      "components/**/*.test.ts",
    ],
    environment: "node",
    testTimeout: 20_000,
    pool: "forks",
  },
});
