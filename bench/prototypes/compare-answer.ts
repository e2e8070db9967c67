/**
 * Measures lib/review/answer.ts `answerCard` against the prototype in answer-lean.ts on a seeded
 * benchmark database, in-process, alternating A and B so that machine noise hits both alike, and
 * checks that the prototype's states equal their replay.
 *
 *   DATABASE_URL=… tsx --conditions=react-server bench/prototypes/compare-answer.ts
 */
import pg from "pg";
import { BENCH_SECRET } from "../lib/server";
import { summarise } from "../lib/stats";

process.env.NEXTAUTH_SECRET ??= BENCH_SECRET;
const url = process.env.DATABASE_URL;
if (!url) throw new Error("set DATABASE_URL to a seeded benchmark database");
const { answerCard } = await import("@/lib/review/answer");
const { answerCardLean } = await import("./answer-lean");
const { db } = await import("@/lib/db/client");
const pool = new pg.Pool({ connectionString: url, max: 2 });
const { rows: students } = await pool.query<{ userId: string; cardIds: string[] }>(
  `SELECT "userId", array_agg("cardId") AS "cardIds" FROM "CardState" GROUP BY "userId" HAVING count(*) <= 100 LIMIT 60`,
);
await pool.end();

const variants = { current: answerCard, lean: answerCardLean } as const;
const samples: Record<string, number[]> = { current: [], lean: [] };
let counter = 0;
async function once(name: keyof typeof variants, concurrency: number) {
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      const student = students[(worker + (name === "lean" ? 30 : 0)) % students.length]!;
      counter += 1;
      const started = performance.now();
      await variants[name]({ id: student.userId, role: "student" }, { cardId: student.cardIds[counter % student.cardIds.length]!, rating: 1 + (counter % 4), idempotencyKey: `cmp-${name}-${Date.now()}-${counter}` }, new Date());
      samples[name]!.push(performance.now() - started);
    }),
  );
}
for (const concurrency of [1, 10]) {
  for (const name of ["current", "lean"] as const) samples[name] = [];
  const rounds = concurrency === 1 ? 150 : 40;
  const began: Record<string, number> = { current: 0, lean: 0 };
  for (let round = 0; round < rounds; round += 1) {
    for (const name of ["current", "lean"] as const) {
      const t = performance.now();
      await once(name, concurrency);
      began[name]! += performance.now() - t;
    }
  }
  for (const name of ["current", "lean"] as const) {
    const s = summarise(samples[name]!.slice(Math.floor(samples[name]!.length / 10)));
    console.log(`${name.padEnd(8)} concurrency ${concurrency}: p50 ${s.p50.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms, ${((samples[name]!.length / began[name]!) * 1000).toFixed(0)} answers/s`);
  }
}
const { verifyAllReplays } = await import("@/lib/review/verify");
const report = await verifyAllReplays();
console.log(`replay: ${report.states} states, ${report.mismatches.length} mismatches`);
await db().$disconnect();
