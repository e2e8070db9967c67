/**
 * A private app stack for fault injection: an embedded PostgreSQL in a persistent temp folder (so it
 * can be stopped, killed and restarted on the same port) and a production `next start` on it, like
 * tests/support/global-setup.ts and scripts/e2e-server.ts do for the shared one.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from "@/scripts/lib/embedded-postgres";
import { migrateDeploy } from "@/scripts/lib/local-database";
import { startNextServer } from "@/tests/support/next-server";

export type OwnStack = {
  baseUrl: string;
  databaseUrl: string;
  /** The `next start` process, for its memory (/proc/<pid>/status). */
  serverPid: number;
  /** Clean shutdown of Postgres (fast mode: open connections are terminated). */
  stopDatabase(): Promise<void>;
  /** SIGKILL of the postmaster: a crash, recovered from the WAL on the next start. */
  killDatabase(): Promise<void>;
  startDatabase(): Promise<void>;
  /** What `next start` printed, for failure messages. */
  output(): string;
  close(): Promise<void>;
};

export async function startOwnStack(name: string, env: Record<string, string> = {}): Promise<OwnStack> {
  const rootDir = fs.mkdtempSync(path.join(os.tmpdir(), `retain-${name}-pg-`));
  const databaseName = `retain_${name.replace(/[^a-z0-9]/g, "_")}`;
  const port = await freePort();
  let database: EmbeddedDatabase | null = null;
  const start = async () => {
    // A killed postmaster's backends may hold shared memory for a moment; retry the start.
    for (let attempt = 0; ; attempt += 1) {
      try {
        // Not `fast`: with synchronous_commit off a killed postmaster loses acknowledged commits, which is
        // exactly what this stack must not hide. These are production durability settings.
        database = await startEmbeddedPostgres({
          rootDir,
          database: databaseName,
          persistent: true,
          fast: false,
          port,
        });
        return;
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  };
  await start();
  const databaseUrl = database!.url;
  await migrateDeploy(databaseUrl, { quiet: true });

  const { baseUrl, process: child, output } = await startNextServer(databaseUrl, env);

  return {
    baseUrl,
    databaseUrl,
    serverPid: child.pid!,
    async stopDatabase() {
      await database?.stop();
      database = null;
    },
    async killDatabase() {
      const pidFile = path.join(rootDir, "data", "postmaster.pid");
      const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
      process.kill(pid, "SIGKILL");
      for (let tries = 0; tries < 100; tries += 1) {
        try {
          process.kill(pid, 0);
        } catch {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      database = null;
    },
    startDatabase: start,
    output,
    async close() {
      child.kill("SIGTERM");
      await new Promise((resolve) => {
        if (child.exitCode !== null) resolve(null);
        child.once("exit", resolve);
        setTimeout(() => {
          child.kill("SIGKILL");
          resolve(null);
        }, 5_000).unref();
      });
      await database?.stop().catch(() => {});
      // The killed cluster's leftover backends: stop them before removing the folder.
      fs.rmSync(rootDir, { recursive: true, force: true });
    },
  };
}
