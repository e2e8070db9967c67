/**
 * Two app instances on one database (`npm run bench:scale`, also part of `npm run bench`): two
 * `next start` processes share one PostgreSQL, as two machines behind a load balancer would. It
 * measures answering through one instance and through both, then sends every answer to BOTH
 * instances at once with the same idempotency key (plus a late retry of some), and verifies
 * afterwards that no answer was lost or applied twice: one log per accepted key, both instances
 * returned the same state, every state's version equals its number of logs, and every stored
 * state equals the replay of its log (lib/review/verify.ts `verifyAllReplays`).
 *
 *   tsx --conditions=react-server bench/two-instances.ts [--quick] [--database-url URL] [--json FILE] [--app-dir DIR]
 */
import fs from "node:fs";
import pg from "pg";
import { startBenchDatabase, seedPool, type BenchDatabase } from "./lib/database";
import { httpLoad, type LoadFigures } from "./lib/load";
import { seedDataSet, type SeededStudent } from "./lib/seed";
import { BENCH_SECRET, ensureBuild, snapshotBuild, startServer, type BenchServer } from "./lib/server";
import { sessionCookies } from "./lib/sessions";
import { round, sleep, summarise } from "./lib/stats";

const argv = process.argv.slice(2);
const argument = (name: string) => {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? argv[index + 1] : undefined;
};
const quick = argv.includes("--quick");
const started = performance.now();
const log = (line: string) => console.log(`[scale ${Math.round((performance.now() - started) / 1000)}s] ${line}`);

type Reply = { status: number; card?: unknown; error?: string };

async function post(server: BenchServer, cookie: string, body: string): Promise<Reply> {
  try {
    const response = await fetch(`${server.baseUrl}/api/review`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body });
    const json = (await response.json().catch(() => null)) as { card?: unknown } | null;
    return { status: response.status, card: json?.card };
  } catch (error) {
    return { status: 0, error: String(error) };
  }
}

function answerSpec(students: SeededStudent[], cookies: string[], offset: number, tag: string) {
  let counter = 0;
  return (index: number) => {
    const student = students[(offset + index) % students.length]!;
    const cookie = cookies[(offset + index) % cookies.length]!;
    let turn = 0;
    return {
      method: "POST",
      path: "/api/review",
      headers: { cookie, "content-type": "application/json" },
      setupRequest: (request: Record<string, unknown>) => {
        turn += 1;
        counter += 1;
        const cardId = student.cardIds[(turn * 7 + index) % student.cardIds.length]!;
        return { ...request, body: JSON.stringify({ cardId, rating: 1 + (turn % 4), idempotencyKey: `${tag}-${offset + index}-${counter}` }) };
      },
    };
  };
}

async function main() {
  const ownDatabase: BenchDatabase | undefined = argument("database-url") ? undefined : await startBenchDatabase("retain_scale");
  const databaseUrl = argument("database-url") ?? ownDatabase!.url;
  Object.assign(process.env, { DATABASE_URL: databaseUrl, NEXTAUTH_SECRET: BENCH_SECRET });
  const servers: BenchServer[] = [];
  const cleanups: (() => void)[] = [];
  try {
    if (ownDatabase) ensureBuild(false, log);
    const pool = seedPool(databaseUrl);
    const students = quick ? 60 : 200;
    const data = await seedDataSet(pool, { students, cards: 40, days: quick ? 7 : 21, heavyCards: 50, seed: 99, now: new Date() }, "scale");
    await pool.end();
    log(`seeded ${data.counts.users} users, ${data.counts.reviewLogs} review logs`);

    let appDir = argument("app-dir");
    if (!appDir) {
      const snapshot = snapshotBuild();
      cleanups.push(snapshot.remove);
      appDir = snapshot.dir;
    }
    servers.push(await startServer({ databaseUrl, label: "scale-a", appDir }), await startServer({ databaseUrl, label: "scale-b", appDir }));
    const [a, b] = servers as [BenchServer, BenchServer];
    const cookies = await sessionCookies(data.students);
    const duration = quick ? 4 : 8;
    const warmup = quick ? 1 : 2;

    log("answering through one instance, 20 connections …");
    const one = await httpLoad({ url: a.baseUrl, connections: 20, duration, warmup, perConnection: answerSpec(data.students, cookies, 0, "one") });
    log("answering through two instances, 10 connections each …");
    const [twoA, twoB] = await Promise.all([
      httpLoad({ url: a.baseUrl, connections: 10, duration, warmup, perConnection: answerSpec(data.students, cookies, 20, "two-a") }),
      httpLoad({ url: b.baseUrl, connections: 10, duration, warmup, perConnection: answerSpec(data.students, cookies, 30, "two-b") }),
    ]);

    log("duplicated idempotency keys across both instances …");
    const workers = Math.min(40, data.students.length);
    const deadline = performance.now() + duration * 1000;
    const accepted = new Map<string, unknown>();
    const sent = new Set<string>();
    let requests = 0;
    let disagreements = 0;
    let failures = 0;
    const statuses: Record<string, number> = {};
    const latencies: number[] = [];
    await Promise.all(
      Array.from({ length: workers }, async (_, worker) => {
        const student = data.students[worker]!;
        const cookie = cookies[worker]!;
        for (let turn = 0; performance.now() < deadline; turn += 1) {
          const key = `dup-${String(worker).padStart(3, "0")}-${turn}`;
          const body = JSON.stringify({ cardId: student.cardIds[(turn * 3 + worker) % student.cardIds.length], rating: 1 + ((turn + worker) % 4), idempotencyKey: key });
          sent.add(key);
          const begun = performance.now();
          const attempts = [post(a, cookie, body), post(b, cookie, body)];
          // Every fifth answer is retried once more a moment later, as a client whose reply was lost would.
          if (turn % 5 === 0) attempts.push(sleep(5).then(() => post(turn % 2 ? a : b, cookie, body)));
          const replies = await Promise.all(attempts);
          latencies.push(performance.now() - begun);
          requests += replies.length;
          for (const reply of replies) statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
          const ok = replies.filter((reply) => reply.status === 200);
          if (ok.length !== replies.length) failures += replies.length - ok.length;
          if (ok.length) {
            const first = JSON.stringify(ok[0]!.card);
            if (ok.some((reply) => JSON.stringify(reply.card) !== first)) disagreements += 1;
            accepted.set(key, ok[0]!.card);
          }
        }
      }),
    );
    for (const server of servers.splice(0)) await server.stop();

    log("verifying: logs per key, versions, replays …");
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    let counts: { key: string; logs: number }[];
    let versionMismatches = 0;
    try {
      counts = (await client.query<{ key: string; logs: number }>(`SELECT "idempotencyKey" AS key, count(*)::int AS logs FROM "ReviewLog" WHERE "idempotencyKey" LIKE 'dup-%' GROUP BY 1`)).rows;
      versionMismatches = (
        await client.query<{ n: number }>(`
          SELECT count(*)::int AS n FROM "CardState" s
          WHERE s.version <> (SELECT count(*) FROM "ReviewLog" l WHERE l."userId" = s."userId" AND l."cardId" = s."cardId")`)
      ).rows[0]!.n;
    } finally {
      await client.end();
    }
    const logsByKey = new Map(counts.map((row) => [row.key, row.logs]));
    const lost = [...accepted.keys()].filter((key) => !logsByKey.has(key)).length;
    const duplicated = counts.filter((row) => row.logs > 1).length;
    const orphaned = counts.filter((row) => !accepted.has(row.key)).length;
    const { verifyAllReplays } = await import("@/lib/review/verify");
    const replay = await verifyAllReplays();
    const { db } = await import("@/lib/db/client");
    await db().$disconnect();

    const dual = { rps: twoA.rps + twoB.rps, p50: Math.max(twoA.p50, twoB.p50), p99: Math.max(twoA.p99, twoB.p99), errors: twoA.errors + twoB.errors };
    const ok = lost === 0 && duplicated === 0 && disagreements === 0 && versionMismatches === 0 && replay.mismatches.length === 0;
    const answerLatency = summarise(latencies);
    const result = {
      ok,
      students: data.students.length,
      single: pick(one),
      dual,
      duplicates: {
        answers: sent.size,
        requests,
        accepted: accepted.size,
        logs: counts.length,
        lost,
        duplicated,
        orphaned,
        disagreements,
        failedRequests: failures,
        statuses,
        answersPerSecond: round(sent.size / duration, 0),
        p50: round(answerLatency.p50, 1),
        p99: round(answerLatency.p99, 1),
      },
      versionMismatches,
      replay: { students: replay.students, states: replay.states, mismatches: replay.mismatches.length },
      summary:
        `${ok ? "✓" : "✗"} ${sent.size} answers each sent to both instances (${requests} requests): ${accepted.size} accepted, ` +
        `${counts.length} logs, ${lost} lost, ${duplicated} duplicated, ${disagreements} disagreeing replies; ` +
        `${replay.states} states equal their replay (${replay.mismatches.length} mismatches), ${versionMismatches} version mismatches. ` +
        `Answering: one instance ${one.rps} req/s (p99 ${one.p99} ms), two instances ${dual.rps} req/s (p99 ${dual.p99} ms) on the same 2 cores.`,
    };
    log(result.summary);
    const out = argument("json");
    if (out) fs.writeFileSync(out, JSON.stringify(result, null, 2));
    process.exitCode = ok ? 0 : 1;
  } finally {
    for (const server of servers) await server.stop().catch(() => {});
    for (const cleanup of cleanups) cleanup();
    await ownDatabase?.stop().catch(() => {});
  }
}

function pick(figures: LoadFigures) {
  return { rps: figures.rps, p50: figures.p50, p99: figures.p99, errors: figures.errors };
}

await main();
