import fs from "node:fs";
import { httpLoad } from "./lib/load";
import { BENCH_SECRET, snapshotBuild, startServer } from "./lib/server";
const seed = JSON.parse(fs.readFileSync("/tmp/retain-perf/seed.json", "utf8"));
Object.assign(process.env, { DATABASE_URL: seed.url, NEXTAUTH_SECRET: BENCH_SECRET });
const snap = snapshotBuild();
const server = await startServer({ databaseUrl: seed.url, label: "ceil", appDir: snap.dir, nodeArgs: process.env.PROF ? ["--cpu-prof", "--cpu-prof-dir=/tmp/prof-ceil"] : [] });
const chunk = fs.readdirSync(`${snap.dir}/.next/static/chunks`).find((f) => f.endsWith(".js"));
for (const path of ["/api/bench/ceiling", `/_next/static/chunks/${chunk}`, "/api/bench/ceiling"]) {
  const r = await httpLoad({ url: `${server.baseUrl}${path}`, connections: 20, duration: 5, warmup: 2 });
  console.log(path.slice(0, 40), r.rps, r.p50, r.p99, r.errors);
}
await server.stop(); snap.remove();
