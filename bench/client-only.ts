/**
 * Only the client rows of the benchmark (review page JS, tap to next card, Lighthouse), without the
 * seeding and load rows: builds if needed, serves a private copy of the build on a throwaway
 * embedded PostgreSQL with the built-in course and one fresh student, and runs bench/client.ts.
 * Prints the figures as JSON and writes them to bench/results/client-only.json.tmp.
 *
 *   npm run bench:client [-- --no-lighthouse] [-- --runs N]   (Lighthouse N times; the median is reported)
 */
import fs from "node:fs";
import path from "node:path";
import { importAllCourses } from "@/scripts/lib/import-courses";
import { measureClient, type ClientFigures } from "./client";
import { seedPool, startBenchDatabase } from "./lib/database";
import { createFreshStudent } from "./lib/seed";
import { BENCH_SECRET, ensureBuild, RESULTS_DIR, snapshotBuild, startServer } from "./lib/server";
import { sessionCookie } from "./lib/sessions";

const argv = process.argv.slice(2);
const lighthouse = !argv.includes("--no-lighthouse");
const runsIndex = argv.indexOf("--runs");
const runs = runsIndex >= 0 ? Math.max(1, Number(argv[runsIndex + 1]) || 1) : 1;
const log = (line: string) => console.log(`[bench:client] ${line}`);
process.env.NEXT_TELEMETRY_DISABLED = "1";

ensureBuild(argv.includes("--build"), log);
const snapshot = snapshotBuild();
const database = await startBenchDatabase("retain_client");
Object.assign(process.env, { DATABASE_URL: database.url, NEXTAUTH_SECRET: BENCH_SECRET });
delete process.env.NEXTAUTH_URL;
let stop: (() => Promise<void>) | undefined;
try {
  const now = new Date();
  const imported = await importAllCourses(now);
  if (!imported.ok) throw new Error(`course import failed:\n${imported.errors.join("\n")}`);
  const pool = seedPool(database.url);
  const results: ClientFigures[] = [];
  const server = await startServer({ databaseUrl: database.url, label: "client", appDir: snapshot.dir });
  stop = server.stop;
  for (let run = 0; run < runs; run += 1) {
    // A fresh student each run: a full day of new cards, nothing answered yet.
    const student = await createFreshStudent(pool, `bench-phone-${run}-${Date.now()}@bench.retain.invalid`, now);
    const cookie = await sessionCookie({ id: student });
    log(`run ${run + 1} of ${runs}`);
    results.push(await measureClient({ baseUrl: server.baseUrl, cookie, lighthouse, taps: 12, log }));
  }
  await pool.end();
  const scores = results.map((result) => result.lighthouse.score).filter((score): score is number => score !== undefined);
  const summary = {
    at: new Date().toISOString(),
    runs: results,
    lighthouseScores: scores,
    lighthouseMedian: scores.length ? [...scores].sort((a, b) => a - b)[Math.floor(scores.length / 2)] : undefined,
  };
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, "client-only.json.tmp"), JSON.stringify(summary, null, 2));
  console.log(JSON.stringify(summary, null, 2));
} finally {
  await stop?.().catch(() => {});
  snapshot.remove();
  await database.stop().catch(() => {});
}
