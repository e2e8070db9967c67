/**
 * `npm test`: the whole suite. Builds the app (HTTP and browser tests run against the production
 * build), then runs unit, integration and reliability tests (vitest) and browser tests (Playwright).
 * Every layer brings up its own throwaway embedded PostgreSQL; nothing needs to be installed by hand
 * except Debian's Chromium for the browser tests (`apt-get install -y chromium`).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const VITEST_REPORT = "test-results/vitest.json";
const PLAYWRIGHT_REPORT = "test-results/playwright.json";
const steps: Array<[string, string[]]> = [
  ["next", ["build"]],
  ["vitest", ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${VITEST_REPORT}`]],
  ["playwright", ["test"]],
];

if (!fs.existsSync("/usr/bin/chromium")) {
  console.error("Browser tests need Debian's Chromium at /usr/bin/chromium: run `apt-get install -y chromium`.");
  process.exit(1);
}

for (const report of [VITEST_REPORT, PLAYWRIGHT_REPORT]) fs.rmSync(report, { force: true });

/** A runner that exits 0 after an error outside any test, or after running nothing, has not passed. */
function vitestRanTests(): boolean {
  if (!fs.existsSync(VITEST_REPORT)) return false;
  const report = JSON.parse(fs.readFileSync(VITEST_REPORT, "utf8"));
  return report.success === true && report.numTotalTests > 0;
}

for (const [bin, args] of steps) {
  console.log(`\n▶ ${bin} ${args.join(" ")}`);
  const result = spawnSync(`node_modules/.bin/${bin}`, args, { stdio: "inherit", env });
  if (result.status === 0 && bin === "vitest" && !vitestRanTests()) {
    console.error("\n✗ vitest reported errors outside the tests, or ran no test.");
    console.error(summary());
    process.exit(1);
  }
  if (result.status !== 0) {
    console.error(`\n✗ ${bin} ${args.join(" ")} failed (exit ${result.status ?? result.signal}).`);
    console.error(summary());
    process.exit(result.status ?? 1);
  }
}
/** One closing line over all layers, in the plain form CI tools read: "N passed, N failed, N skipped". */
function summary() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  if (fs.existsSync(VITEST_REPORT)) {
    const report = JSON.parse(fs.readFileSync(VITEST_REPORT, "utf8"));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
  if (fs.existsSync(PLAYWRIGHT_REPORT)) {
    const stats = JSON.parse(fs.readFileSync(PLAYWRIGHT_REPORT, "utf8")).stats ?? {};
    passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
    failed += stats.unexpected ?? 0;
    skipped += stats.skipped ?? 0;
  }
  return `${passed} passed, ${failed} failed, ${skipped} skipped`;
}

console.log("\n✓ All test layers passed.");
console.log(summary());
