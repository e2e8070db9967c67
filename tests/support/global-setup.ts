/**
 * Once per test run: a throwaway embedded PostgreSQL on a free port, a template database migrated to
 * the current schema, and (for tests over HTTP) the production build served by `next start` on its
 * own database. Each test file then clones the template (see database-per-file.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { ensureDatabase, freePort, startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrateDeploy } from "@/scripts/lib/local-database";
import { TEMPLATE_DATABASE, TEST_AUTH_SECRET } from "./constants";

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
    baseUrl: string;
    httpDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const rootDir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-test-pg-"));
  const database = await startEmbeddedPostgres({ rootDir, database: TEMPLATE_DATABASE, persistent: false, fast: true });
  await migrateDeploy(database.url, { quiet: true });

  const httpDatabaseUrl = database.urlFor("retain_http");
  await ensureDatabase(database.urlFor("postgres"), "retain_http", TEMPLATE_DATABASE);
  const server = await startNextServer(httpDatabaseUrl);

  project.provide("adminDatabaseUrl", database.urlFor("postgres"));
  project.provide("templateDatabase", TEMPLATE_DATABASE);
  project.provide("baseUrl", server.baseUrl);
  project.provide("httpDatabaseUrl", httpDatabaseUrl);

  return async () => {
    server.process?.kill("SIGTERM");
    await database.stop();
    fs.rmSync(rootDir, { recursive: true, force: true });
  };
}

/** The built app (`npm test` builds first), so HTTP tests see production headers and behaviour. */
async function startNextServer(databaseUrl: string): Promise<{ baseUrl: string; process?: ChildProcess }> {
  if (!fs.existsSync(".next/BUILD_ID")) {
    throw new Error("No production build: run `npm test` (it builds first) or `npx next build`.");
  }
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(path.resolve("node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: TEST_AUTH_SECRET,
      NEXTAUTH_URL: baseUrl,
      RETAIN_LOCAL_MODE: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited early:\n${output}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return { baseUrl, process: child };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill("SIGKILL");
  throw new Error(`next start did not become healthy within 60 s:\n${output}`);
}
