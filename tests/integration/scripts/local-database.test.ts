import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import {
  connectToRunningEmbedded,
  runningServer,
  startEmbeddedPostgres,
  type EmbeddedDatabase,
} from "@/scripts/lib/embedded-postgres";
import { db } from "@/lib/db/client";
import { printAdminHint } from "@/scripts/lib/startup-tasks";

const run = promisify(execFile);

// A data folder of its own, laid out as `.data/` is: the cluster in postgres/, database "retain".
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-cli-"));
// Run as root, Postgres runs as its own user, which must be able to reach the cluster's folder.
fs.chmodSync(dataDir, 0o755);
const cluster = { rootDir: path.join(dataDir, "postgres"), database: "retain" };
let server: EmbeddedDatabase;

beforeAll(async () => {
  server = await startEmbeddedPostgres({ ...cluster, persistent: true, fast: true });
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function query(url: string, sql: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows;
  } finally {
    await client.end();
  }
}

describe("command-line tools and the running embedded database", () => {
  test("a running cluster is found from its postmaster.pid and reached on its port", async () => {
    expect(runningServer(path.join(cluster.rootDir, "data"))?.port).toBe(server.port);
    const attached = await connectToRunningEmbedded(cluster);
    expect(attached?.port).toBe(server.port);
    expect(await query(attached!.url, "SELECT current_database() AS name")).toEqual([{ name: "retain" }]);
    // Stopping the attached handle leaves the owner's server up.
    await attached!.stop();
    expect(runningServer(path.join(cluster.rootDir, "data"))).not.toBeNull();
  });

  test("user:create --role admin works while the database is in use by another process", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, RETAIN_DATA_DIR: dataDir, NODE_OPTIONS: "" };
    delete env.DATABASE_URL;
    const { stdout, stderr } = await run(
      path.resolve("node_modules/.bin/tsx"),
      [
        "--conditions=react-server",
        "scripts/user-create.ts",
        "--email",
        "first.admin@example.edu",
        "--role",
        "admin",
        "--password",
        "a long admin passphrase",
      ],
      { env, timeout: 90_000 },
    );
    expect(stderr).toContain(`already running (port ${server.port})`);
    expect(stdout).toContain("Created first.admin@example.edu");
    expect(await query(server.url, `SELECT role FROM "User" WHERE email = $1`, ["first.admin@example.edu"])).toEqual([
      { role: "admin" },
    ]);
    expect(runningServer(path.join(cluster.rootDir, "data"))?.pid).toBeGreaterThan(0);
  }, 120_000);

  test("with no server running there is nothing to attach to", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "retain-cli-none-"));
    try {
      expect(await connectToRunningEmbedded({ rootDir: empty, database: "retain" })).toBeNull();
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe("the start's admin hint", () => {
  test("says how to make an admin until one exists", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    expect(await printAdminHint()).toBe(true);
    expect(log.mock.calls.flat().join("\n")).toContain("npm run user:create -- --email you@example.edu --role admin");
    await db().user.create({ data: { email: "boss@example.edu", name: "Boss", passwordHash: "x", role: "admin" } });
    log.mockClear();
    expect(await printAdminHint()).toBe(false);
    expect(log).not.toHaveBeenCalled();
    log.mockRestore();
  });
});
