import fs from "node:fs";
import pg from "pg";
import { measureClient } from "./client";
import { createFreshStudent } from "./lib/seed";
import { BENCH_SECRET, snapshotBuild, startServer } from "./lib/server";
import { sessionCookie } from "./lib/sessions";
const seed = JSON.parse(fs.readFileSync("/tmp/retain-perf/seed.json", "utf8"));
Object.assign(process.env, { DATABASE_URL: seed.url, NEXTAUTH_SECRET: BENCH_SECRET });
const snap = snapshotBuild();
const server = await startServer({ databaseUrl: seed.url, label: "client", appDir: snap.dir });
const pool = new pg.Pool({ connectionString: seed.url });
const id = await createFreshStudent(pool, `phone-${Date.now()}@bench.retain.invalid`, new Date());
await pool.end();
try {
  console.log(JSON.stringify((await measureClient({ baseUrl: server.baseUrl, cookie: await sessionCookie({ id }), log: console.log, taps: Number(process.env.TAPS ?? 6) })).tapToNext, null, 2));
} finally { await server.stop(); snap.remove(); }
