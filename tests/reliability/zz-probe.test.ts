import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import pg from "pg";
import { test } from "vitest";
import { freePort, startEmbeddedPostgres } from "@/lib/db/embedded";

test("probe pool after postmaster kill", async () => {
  const rootDir = fs.mkdtempSync(path.join(os.tmpdir(), "probe-pg-"));
  const port = await freePort();
  let database = await startEmbeddedPostgres({ rootDir, database: "probe", persistent: true, port });
  const pool = new pg.Pool({ connectionString: database.url, max: 10, connectionTimeoutMillis: 3000, idleTimeoutMillis: 30000 });
  pool.on("error", () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool as never) });
  let running = true;
  const stats = () => `total=${pool.totalCount} idle=${pool.idleCount} waiting=${pool.waitingCount}`;
  const errors = new Map<string, number>();
  const worker = async () => {
    while (running) {
      try {
        await prisma.$transaction(async (tx) => {
          await tx.$queryRaw`SELECT pg_sleep(0.05)`;
          await tx.$queryRaw`SELECT 1`;
        });
      } catch (e) {
        const m = String((e as Error).message).split("\n").filter(Boolean).at(-1)!.slice(0, 80);
        errors.set(m, (errors.get(m) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  const workers = Array.from({ length: 8 }, worker);
  await new Promise((r) => setTimeout(r, 1000));
  const pid = Number(fs.readFileSync(path.join(rootDir, "data", "postmaster.pid"), "utf8").split("\n")[0]);
  process.kill(pid, "SIGKILL");
  console.log("killed", stats());
  await new Promise((r) => setTimeout(r, 2000));
  console.log("down", stats());
  for (let i = 0; i < 20; i++) { try { database = await startEmbeddedPostgres({ rootDir, database: "probe", persistent: true, port }); break; } catch { await new Promise((r) => setTimeout(r, 250)); } }
  console.log("restarted", stats());
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    let ok = "ok";
    try { await Promise.race([prisma.$queryRaw`SELECT 1`, new Promise((_, j) => setTimeout(() => j(new Error("2s")), 2000))]); } catch (e) { ok = String((e as Error).message).slice(0, 60); }
    console.log("after", i, stats(), ok);
  }
  running = false;
  console.log([...errors]);
  await Promise.race([Promise.all(workers), new Promise((r) => setTimeout(r, 5000))]);
  await database.stop();
  fs.rmSync(rootDir, { recursive: true, force: true });
}, 120_000);
