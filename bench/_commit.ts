import fs from "node:fs";
import pg from "pg";
const seed = JSON.parse(fs.readFileSync("/tmp/retain-perf/seed.json", "utf8"));
const c = new pg.Client({ connectionString: seed.url }); await c.connect();
await c.query(`CREATE TEMP TABLE IF NOT EXISTS x (id int)`);
await c.query(`CREATE TABLE IF NOT EXISTS bench_commit (id int)`);
for (const mode of ["on", "off", "on"]) {
  await c.query(`SET synchronous_commit = ${mode}`);
  const t = performance.now();
  for (let i = 0; i < 100; i++) { await c.query("BEGIN"); await c.query("INSERT INTO bench_commit VALUES (1)"); await c.query("COMMIT"); }
  console.log("synchronous_commit", mode, ((performance.now() - t) / 100).toFixed(2), "ms per txn");
}
await c.query("DROP TABLE bench_commit");
await c.end();
