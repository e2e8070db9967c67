/**
 * The database every command-line entry point uses: `DATABASE_URL` when it is set, otherwise the
 * embedded PostgreSQL kept in `.data/postgres`. Commands (user:create, content:import, srs:verify, db)
 * use the running server when `npm start` or another command has it up, and otherwise start it
 * themselves and stop it on exit. `npm start` owns its server: it refuses to share one.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { connectToRunningEmbedded, EmbeddedPostgresAlreadyRunningError, startEmbeddedPostgres } from "@/scripts/lib/embedded-postgres";

/** Local state (embedded cluster, secrets, demo accounts); RETAIN_DATA_DIR moves it (the e2e server does). */
export const DATA_DIR = path.resolve(process.env.RETAIN_DATA_DIR ?? ".data");
export const LOCAL_CLUSTER = { rootDir: path.join(DATA_DIR, "postgres"), database: "retain" };

export type LocalDatabase = { url: string; embedded: boolean; shared: boolean; stop(): Promise<void> };

export async function openLocalDatabase(options: { shareRunning: boolean } = { shareRunning: true }): Promise<LocalDatabase> {
  const external = process.env.DATABASE_URL;
  if (external) return { url: external, embedded: false, shared: false, stop: async () => {} };
  try {
    if (options.shareRunning) {
      const running = await connectToRunningEmbedded(LOCAL_CLUSTER);
      if (running) {
        console.error(`Using the embedded database that is already running (port ${running.port}).`);
        return { url: running.url, embedded: true, shared: true, stop: running.stop };
      }
    }
    const db = await startEmbeddedPostgres({ ...LOCAL_CLUSTER, persistent: true });
    return { url: db.url, embedded: true, shared: false, stop: db.stop };
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
