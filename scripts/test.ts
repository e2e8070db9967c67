/**
 * `npm test`: the whole suite. Builds the app (HTTP and browser tests run against the production
 * build), then runs unit, integration and reliability tests (vitest) and browser tests (Playwright).
 * Every layer brings up its own throwaway embedded PostgreSQL; nothing needs to be installed by hand
 * except Debian's Chromium for the browser tests (`apt-get install -y chromium`).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const steps: Array<[string, string[]]> = [
  ["next", ["build"]],
  ["vitest", ["run"]],
  ["playwright", ["test"]],
];

if (!fs.existsSync("/usr/bin/chromium")) {
  console.error("Browser tests need Debian's Chromium at /usr/bin/chromium: run `apt-get install -y chromium`.");
  process.exit(1);
}

for (const [bin, args] of steps) {
  console.log(`\n▶ ${bin} ${args.join(" ")}`);
  const result = spawnSync(`node_modules/.bin/${bin}`, args, { stdio: "inherit", env });
  if (result.status !== 0) {
    console.error(`\n✗ ${bin} ${args.join(" ")} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}
console.log("\n✓ All test layers passed.");
