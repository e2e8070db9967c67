import fs from "node:fs";
const seed = JSON.parse(fs.readFileSync("/tmp/retain-perf/seed.json", "utf8"));
Object.assign(process.env, { DATABASE_URL: seed.url, NEXTAUTH_SECRET: "bench-secret-that-is-long-enough-for-signing-tokens" });
const { getReviewQueue } = await import("./_queue_copy");
const { db } = await import("@/lib/db/client");
const actor = { id: seed.heavy, role: "student" as const };
const times: number[] = [];
for (let i = 0; i < Number(process.env.N ?? 60); i++) {
  const t = performance.now();
  const q = await getReviewQueue(actor, { course: "bench-heavy" }, new Date());
  times.push(performance.now() - t);
  if (i === 0) console.log(q.cards.length, q.counts);
}
const { T } = await import("./_queue_copy"); console.log(Object.fromEntries(Object.entries(T).map(([k, v]) => [k, +(v / times.length).toFixed(2)])));
times.sort((a, b) => a - b);
console.log("p50", times[Math.floor(times.length / 2)]!.toFixed(1), "p95", times[Math.floor(times.length * 0.95)]!.toFixed(1), "min", times[0]!.toFixed(1));
await db().$disconnect();
