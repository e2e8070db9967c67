/**
 * Once per test run: a throwaway embedded PostgreSQL on a free port, a template database migrated to
 * the current schema, and (for tests over HTTP) the production build served by `next start` on its
 * own database. Each test file then clones the template (see database-per-file.ts).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { ensureDatabase, startEmbeddedPostgres } from "@/scripts/lib/embedded-postgres";
import { migrateDeploy } from "@/scripts/lib/local-database";
import { TEMPLATE_DATABASE } from "./constants";
import { startNextServer } from "./next-server";

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
