import fs from "node:fs";
import { httpLoad } from "./lib/load";
import { BENCH_SECRET, snapshotBuild, startServer } from "./lib/server";
import { sessionCookies } from "./lib/sessions";
const seed = JSON.parse(fs.readFileSync("/tmp/retain-perf/seed.json", "utf8"));
Object.assign(process.env, { DATABASE_URL: seed.url, NEXTAUTH_SECRET: BENCH_SECRET });
const snap = snapshotBuild();
const mode = process.env.MODE ?? "answer";
const server = await startServer({ databaseUrl: seed.url, label: "prof", appDir: snap.dir, nodeArgs: process.env.PROF ? ["--cpu-prof", "--cpu-prof-dir=/tmp/prof-server"] : [] });
console.log("up", server.baseUrl);
const students = seed.students as { id: string; cardIds: string[] }[];
const cookies = await sessionCookies(students);
let k = 0;
const conns = Number(process.env.C ?? 20);
const ceiling = await httpLoad({ url: `${server.baseUrl}/api/bench/ceiling`, connections: conns, duration: 8, warmup: 2 });
console.log("ceiling", ceiling);
if (mode === "answer") {
  const r = await httpLoad({ url: server.baseUrl, connections: conns, duration: 10, warmup: 3, perConnection: (i) => { const st = students[i]!; let turn = 0; return { method: "POST", path: "/api/review", headers: { cookie: cookies[i]!, "content-type": "application/json" }, setupRequest: (req) => { turn++; k++; return { ...req, body: JSON.stringify({ cardId: st.cardIds[(turn * 7 + i) % st.cardIds.length], rating: 1 + (turn % 4), idempotencyKey: `prof-${Date.now()}-${k}` }) }; } }; } });
  console.log("answer", r);
} else {
  const { sessionCookie } = await import("./lib/sessions");
  const c = await sessionCookie({ id: seed.heavy });
  const r = await httpLoad({ url: server.baseUrl, connections: conns, duration: 10, warmup: 3, perConnection: () => ({ method: "GET", path: `/api/review/queue?course=bench-heavy&limit=200`, headers: { cookie: c } }) });
  console.log("queue", r);
}
await server.stop();
snap.remove();
