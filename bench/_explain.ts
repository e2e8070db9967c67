import fs from "node:fs";
import { seedDashboardData, type DashboardSeed } from "./dashboard";

const { startEmbeddedPostgres } = await import("@/lib/db/embedded");
const { migrateDeploy } = await import("@/scripts/lib/local-database");
const rootDir = "/tmp/dash-db";
const seedFile = `${rootDir}/seed.json`;
const fresh = !fs.existsSync(seedFile);
const database = await startEmbeddedPostgres({ rootDir, database: "bench_dashboard", persistent: true, fast: true });
try {
  let seed: DashboardSeed;
  if (fresh) {
    await migrateDeploy(database.url);
    seed = await seedDashboardData(database.url, { students: 500, days: 60 });
    fs.writeFileSync(seedFile, JSON.stringify(seed));
  } else seed = JSON.parse(fs.readFileSync(seedFile, "utf8"), (k, v) => (k === "now" ? new Date(v) : v));
  Object.assign(process.env, { DATABASE_URL: database.url, NEXTAUTH_SECRET: "bench-secret-that-is-long-enough-for-signing" });
  const { classProgressSql, queryClassProgress } = await import("@/lib/classes/progress");
  const { getClassDashboard } = await import("@/lib/classes/dashboard");
  const { db } = await import("@/lib/db/client");
  const { Prisma } = await import("@prisma/client");
  const ids = [...seed.studentIds].sort();
  const scope = { courseId: seed.courseId, timeZone: "UTC", studentIds: ids };
  const sql = classProgressSql(scope, seed.assignmentIds, seed.now);
  for (let i = 0; i < 3; i++) await db().$queryRaw(sql);
  const pid = (await db().$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`)[0]!.pid;
  const cpu = () => { const s = fs.readFileSync(`/proc/${pid}/stat`, "utf8").slice(0); const f = s.slice(s.lastIndexOf(")") + 2).split(" "); return (Number(f[11]) + Number(f[12])) * 10; };
  // One connection only for the CPU figure: run the SQL directly (whole class, no split).
  const c0 = cpu(); const t0 = performance.now();
  const N = 10;
  for (let i = 0; i < N; i++) await db().$transaction(async (tx) => { await tx.$queryRaw(sql); });
  console.log(`whole-class SQL: ${((performance.now() - t0) / N).toFixed(0)} ms wall, ~${((cpu() - c0) / N).toFixed(0)} ms PG CPU (pid may differ under pool)`);
  const times: number[] = [];
  for (let i = 0; i < N; i++) { const t = performance.now(); await getClassDashboard(seed.instructor, seed.classId, seed.now); times.push(performance.now() - t); }
  times.sort((a, b) => a - b);
  console.log(`getClassDashboard: median ${times[N >> 1]!.toFixed(0)} ms, min ${times[0]!.toFixed(0)}`);
  if (process.argv.includes("--explain")) {
    const rows = await db().$queryRaw<{ "QUERY PLAN": string }[]>(Prisma.sql`EXPLAIN (ANALYZE) ${sql}`);
    console.log(rows.map((r) => r["QUERY PLAN"].slice(0, 200)).join("\n"));
  }
  void queryClassProgress;
  await db().$disconnect();
} finally {
  await database.stop();
}
