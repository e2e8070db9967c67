// Dev helper (deleted before hand-off): a persistent seeded database for profiling.
import fs from "node:fs";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrateDeploy } from "@/scripts/lib/local-database";
import { seedPool } from "./lib/database";
import { seedDataSet } from "./lib/seed";
import { BENCH_SECRET } from "./lib/server";
const root = "/tmp/retain-perf";
const database = await startEmbeddedPostgres({ rootDir: root, database: "perf", persistent: true });
Object.assign(process.env, { DATABASE_URL: database.url, NEXTAUTH_SECRET: BENCH_SECRET });
if (!fs.existsSync(`${root}/seed.json`)) {
  await migrateDeploy(database.url, { quiet: true });
  const pool = seedPool(database.url);
  const data = await seedDataSet(pool, { students: 300, cards: 40, days: 60, heavyCards: 5000, seed: 7, now: new Date(), log: console.log });
  await pool.end();
  fs.writeFileSync(`${root}/seed.json`, JSON.stringify({ url: database.url, heavy: data.heavy.id, students: data.students.slice(0, 200), counts: data.counts }));
}
console.log("READY", database.url);
setInterval(() => {}, 1 << 30);
process.on("SIGTERM", async () => { await database.stop(); process.exit(0); });
