import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const alias = { "@": root, "server-only": `${root}tests/support/server-only-stub.ts` };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
          setupFiles: ["tests/support/fast-check-seed.ts"],
          // Unit tests first; projects with different worker counts must not share a group.
          sequence: { groupOrder: 0 },
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          sequence: { groupOrder: 1 },
          include: ["tests/integration/**/*.test.ts", "tests/reliability/**/*.test.ts"],
          environment: "node",
          // report.ts: rewrites docs/RELIABILITY.md from the reliability scenarios' figures after the run.
          globalSetup: ["tests/support/global-setup.ts", "tests/reliability/report.ts"],
          setupFiles: ["tests/support/fast-check-seed.ts", "tests/support/database-per-file.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
    ],
  },
});
