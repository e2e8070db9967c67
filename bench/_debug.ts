import { startBenchDatabase, seedPool } from "./lib/database";
import { seedDataSet } from "./lib/seed";
import { BENCH_SECRET } from "./lib/server";
const database = await startBenchDatabase();
Object.assign(process.env, { DATABASE_URL: database.url, NEXTAUTH_SECRET: BENCH_SECRET });
try {
  const pool = seedPool(database.url);
  const now = new Date();
  let t = performance.now();
  const data = await seedDataSet(pool, { students: 20, cards: 40, days: 21, heavyCards: 5000, seed: 1, now, log: console.log });
  console.log("seed s", ((performance.now() - t) / 1000).toFixed(1), data.counts);
  const r = await pool.query(`SELECT state, count(*), min(due), max(due), sum((due < now())::int) AS due_now FROM "CardState" WHERE "userId" = $1 GROUP BY state`, [data.heavy.id]);
  console.table(r.rows);
  const { getReviewQueue } = await import("@/lib/review/queue");
  t = performance.now();
  const q = await getReviewQueue({ id: data.heavy.id, role: "student" }, { course: "bench-heavy" }, new Date());
  console.log("queue ms", (performance.now() - t).toFixed(1), q.cards.length, q.counts);
  for (let i = 0; i < 5; i++) { t = performance.now(); await getReviewQueue({ id: data.heavy.id, role: "student" }, { course: "bench-heavy" }, new Date()); console.log("queue ms", (performance.now() - t).toFixed(1)); }
  await pool.end();
} finally { await database.stop(); }
process.exit(0);
