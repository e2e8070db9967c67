/**
 * The benchmark's throwaway PostgreSQL 17 (embedded, from npm) with its default durability: fsync
 * and synchronous_commit stay on, so commit costs are those of a real install. Only the seeding
 * connections turn synchronous_commit off, and max_wal_size is raised so the bulk load does not
 * checkpoint every few seconds.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedDatabase } from "@/scripts/lib/embedded-postgres";
import { migrateDeploy } from "@/scripts/lib/local-database";

export type BenchDatabase = EmbeddedDatabase & { rootDir: string; serverVersion: string };

export async function startBenchDatabase(name = "retain_bench"): Promise<BenchDatabase> {
  const rootDir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-bench-pg-"));
  const database = await startEmbeddedPostgres({ rootDir, database: name, persistent: false });
  const admin = new pg.Client({ connectionString: database.urlFor("postgres") });
  await admin.connect();
  let serverVersion = "";
  try {
    await admin.query("ALTER SYSTEM SET max_wal_size = '8GB'");
    await admin.query("SELECT pg_reload_conf()");
    serverVersion = (await admin.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version;
  } finally {
    await admin.end();
  }
  await migrateDeploy(database.url, { quiet: !process.env.BENCH_VERBOSE });
  return {
    ...database,
    rootDir,
    serverVersion,
    async stop() {
      await database.stop();
      fs.rmSync(rootDir, { recursive: true, force: true });
    },
  };
}

/** Another migrated database in the same cluster (the two-instance run uses its own). */
export async function createMigratedDatabase(database: EmbeddedDatabase, name: string): Promise<string> {
  await ensureDatabase(database.urlFor("postgres"), name);
  const url = database.urlFor(name);
  await migrateDeploy(url, { quiet: true });
  return url;
}

/**
 * Connections for the bulk seed: no commit flush, and no triggers (`session_replication_role =
 * replica`; the seed writes consistent rows, and derived tables are rebuilt once afterwards by
 * `refreshDerivedTables` instead of row by row).
 */
export function seedPool(databaseUrl: string): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl, max: 3, options: SEED_SESSION_OPTIONS });
}

export const SEED_SESSION_OPTIONS = "-c synchronous_commit=off -c session_replication_role=replica";

/** The same settings as a connection URL, for seeding code that makes its own pool (bench/dashboard.ts). */
export function seedUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set("options", SEED_SESSION_OPTIONS);
  return url.toString();
}
