/**
 * The server Playwright drives: the production build on a throwaway embedded PostgreSQL, migrated and
 * loaded by the same startup tasks as `npm start`. Stops Postgres when Playwright stops it.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "@/scripts/lib/embedded-postgres";
import { migrateDeploy } from "./lib/local-database";
import { runStartupTasks } from "./lib/startup-tasks";

const port = Number(process.env.E2E_PORT ?? 3210);
const baseUrl = `http://127.0.0.1:${port}`;
// Laid out as `.data/` is (the cluster in postgres/, database "retain"), so a command run with
// RETAIN_DATA_DIR pointing here uses this running database as it would `npm start`'s.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-e2e-data-"));
// Run as root, Postgres runs as its own user, which must be able to reach the cluster's folder.
fs.chmodSync(dataDir, 0o755);
const rootDir = path.join(dataDir, "postgres");
const database = await startEmbeddedPostgres({ rootDir, database: "retain", persistent: false, fast: true });
Object.assign(process.env, {
  DATABASE_URL: database.url,
  NEXTAUTH_SECRET: "e2e-secret-that-is-long-enough-for-signing",
});
await migrateDeploy(database.url);
// Specs that must seed or promote accounts (tests/e2e/instructor.spec.ts) read the URL from here;
// tests/e2e/first-steps.spec.ts runs `user:create` against the data folder while the app runs.
const databaseUrlFile = path.join(os.tmpdir(), `retain-e2e-${port}.database-url`);
fs.writeFileSync(databaseUrlFile, database.url, { mode: 0o600 });
const dataDirFile = path.join(os.tmpdir(), `retain-e2e-${port}.data-dir`);
fs.writeFileSync(dataDirFile, dataDir, { mode: 0o600 });
await runStartupTasks({ localMode: false, dev: false, baseUrl });

const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  NEXTAUTH_URL: baseUrl,
  RETAIN_LOCAL_MODE: "0",
};
delete env.NODE_OPTIONS;
const next = spawn(path.resolve("node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
  stdio: "inherit",
  env,
});
async function stop() {
  fs.rmSync(databaseUrlFile, { force: true });
  fs.rmSync(dataDirFile, { force: true });
  next.kill("SIGTERM");
  await database.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
next.on("exit", stop);
