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
const rootDir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-e2e-pg-"));
const database = await startEmbeddedPostgres({ rootDir, database: "retain_e2e", persistent: false, fast: true });
Object.assign(process.env, { DATABASE_URL: database.url, NEXTAUTH_SECRET: "e2e-secret-that-is-long-enough-for-signing" });
await migrateDeploy(database.url);
// Specs that must seed or promote accounts (tests/e2e/instructor.spec.ts) read the URL from here.
const databaseUrlFile = path.join(os.tmpdir(), `retain-e2e-${port}.database-url`);
fs.writeFileSync(databaseUrlFile, database.url, { mode: 0o600 });
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
  next.kill("SIGTERM");
  await database.stop();
  fs.rmSync(rootDir, { recursive: true, force: true });
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
next.on("exit", stop);
