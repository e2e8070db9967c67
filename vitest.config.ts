import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const SOAK = "tests/reliability/soak.test.ts";
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
          exclude: [...configDefaults.exclude, SOAK],
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
      {
        resolve: { alias },
        test: {
          // The soak loads its own server for a minute: alone, after the other files, so it neither
          // slows their timeouts nor counts their load in its figures.
          name: "soak",
          sequence: { groupOrder: 2 },
          include: [SOAK],
          environment: "node",
          globalSetup: ["tests/reliability/report.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          maxWorkers: 1,
        },
      },
    ],
  },
});
