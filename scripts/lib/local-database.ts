/**
 * The database every command-line entry point uses: `DATABASE_URL` when it is set, otherwise the
 * embedded PostgreSQL kept in `.data/postgres` (started here, stopped on exit).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { EmbeddedPostgresAlreadyRunningError, startEmbeddedPostgres } from "@/scripts/lib/embedded-postgres";

export const DATA_DIR = path.resolve(".data");

export type LocalDatabase = { url: string; embedded: boolean; stop(): Promise<void> };

export async function openLocalDatabase(): Promise<LocalDatabase> {
  const external = process.env.DATABASE_URL;
  if (external) return { url: external, embedded: false, stop: async () => {} };
  try {
    const db = await startEmbeddedPostgres({
      rootDir: path.join(DATA_DIR, "postgres"),
      database: "retain",
      persistent: true,
    });
    return { url: db.url, embedded: true, stop: db.stop };
  } catch (error) {
    if (error instanceof EmbeddedPostgresAlreadyRunningError) {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** Runs a binary from node_modules/.bin and resolves with its exit code. */
export function runBin(bin: string, args: string[], env: NodeJS.ProcessEnv, quiet = false): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.resolve("node_modules/.bin", bin), args, { stdio: quiet ? "ignore" : "inherit", env });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

export async function migrateDeploy(databaseUrl: string, options: { quiet?: boolean } = {}) {
  const env = { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" };
  const code = await runBin("prisma", ["migrate", "deploy"], env, options.quiet);
  if (code !== 0) throw new Error(`prisma migrate deploy failed with exit code ${code}`);
}
