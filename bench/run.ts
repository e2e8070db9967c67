/**
 * `npm run bench`: seeds a realistic data set into a throwaway PostgreSQL, serves the production
 * build with `next start`, measures each row under load and prints one table; writes
 * bench/results/latest.json and the generated section of docs/PERFORMANCE.md. See
 * docs/PERFORMANCE.md for the method. Options: `npm run bench -- --help`.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseBenchArgs } from "./lib/args";
import { startBenchDatabase, createMigratedDatabase, seedPool, seedUrl } from "./lib/database";
import { databaseCeiling } from "./lib/db-ceiling";
import { queueServerTime, schedulingCost } from "./lib/in-process";
import { httpLoad, type LoadFigures } from "./lib/load";
import { formatTable, loadRow, machine, updatePerformanceDoc, writeLatest, type Aim, type BenchReport, type Row } from "./lib/report";
import { createFreshStudent, HEAVY_COURSE, refreshDerivedTables, seedDataSet } from "./lib/seed";
import { BENCH_SECRET, ensureBuild, RESULTS_DIR, rssSampler, snapshotBuild, startServer } from "./lib/server";
import { sessionCookie, sessionCookies } from "./lib/sessions";
import { cpuBusy, round, summarise, waitForQuietMachine } from "./lib/stats";
import type { Actor } from "@/lib/auth/actor";
import { testActor } from "@/tests/support/actors";

const options = parseBenchArgs(process.argv.slice(2));
if (options.reportOnly) {
  const latest = JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, "latest.json"), "utf8")) as BenchReport;
  if (options.docs && !latest.options.quick && !updatePerformanceDoc(latest)) console.log("docs/PERFORMANCE.md has no bench:results markers; not updated");
  printReport(latest, "bench/results/latest.json");
  process.exit(0);
}
const started = performance.now();
const elapsed = () => `${Math.round((performance.now() - started) / 1000)}s`;
const log = (line: string) => console.log(`[bench ${elapsed()}] ${line}`);
process.env.NEXT_TELEMETRY_DISABLED = "1";

const build = ensureBuild(options.build, log);
if (build.built) log(`built in ${round(build.seconds, 0)} s`);
// A private copy of the build, so a `next build` elsewhere on the machine cannot pull it away mid-run.
const snapshot = snapshotBuild();

log(`starting PostgreSQL and seeding ${options.students} students × ${options.cards} cards × ${options.days} days …`);
const database = await startBenchDatabase();
Object.assign(process.env, { DATABASE_URL: database.url, NEXTAUTH_SECRET: BENCH_SECRET });
delete process.env.NEXTAUTH_URL;

// Ctrl-C or a kill: stop what this run started (the server, PostgreSQL, the build copy).
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void (async () => {
      await stopServer?.().catch(() => {});
      snapshot.remove();
      await database.stop().catch(() => {});
      process.exit(130);
    })();
  });
}

const rows: Row[] = [];
const aims: Aim[] = [];
let report: BenchReport | undefined;
let stopServer: (() => Promise<void>) | undefined;

try {
  const pool = seedPool(database.url);
  const now = new Date();
  const data = await seedDataSet(pool, { ...options, now, log });
  const phoneStudent = await createFreshStudent(pool, "bench-phone@bench.retain.invalid", now);
  await pool.end();
  log(`seeded ${data.counts.users} users, ${data.counts.cardStates} card states, ${data.counts.reviewLogs} review logs in ${round(data.seconds, 0)} s`);

  const server = await startServer({ databaseUrl: database.url, label: "main", appDir: snapshot.dir });
  stopServer = server.stop;
  const memory = rssSampler(server.pid);
  log(`next start is up at ${server.baseUrl} (pid ${server.pid})`);

  const load = { duration: options.duration, warmup: options.warmup };
  const quietBefore = await waitForQuietMachine(options.quick ? 0 : 45, log);
  /** CPU the machine spent while idle before each row: anything well above 0 is a neighbour's work. */
  const background: Record<string, number> = {};
  const idleCheck = async (key: string) => {
    background[key] = await cpuBusy(500);
  };
  const loadUsers = data.students.slice(0, Math.max(100, Math.min(data.students.length, 200)));
  if (loadUsers.length < 100) throw new Error("the answer rows need at least 100 students (--students 100)");
  const cookies = await sessionCookies(loadUsers);

  // Framework ceiling: the trivial route handler in the same server.
  const framework: Record<number, LoadFigures> = {};
  const databaseFigures: Record<number, LoadFigures> = {};
  const answer: Record<number, LoadFigures> = {};
  for (const connections of [20, 100]) {
    await idleCheck(`framework-${connections}`);
    log(`framework ceiling, ${connections} connections …`);
    framework[connections] = await httpLoad({ url: `${server.baseUrl}/api/bench/ceiling`, connections, ...load });
  }
  for (const connections of [20, 100]) {
    await idleCheck(`database-${connections}`);
    log(`database ceiling, ${connections} concurrent transactions …`);
    databaseFigures[connections] = await databaseCeiling({
      databaseUrl: database.url,
      concurrency: connections,
      ...load,
      targets: data.students.slice(loadUsers.length, loadUsers.length + connections).concat(loadUsers).slice(0, connections).map((student) => ({ userId: student.id, cardIds: student.cardIds })),
    });
  }
  let keyCounter = 0;
  for (const connections of [20, 100]) {
    await idleCheck(`answer-${connections}`);
    log(`POST /api/review, ${connections} connections …`);
    answer[connections] = await httpLoad({
      url: server.baseUrl,
      connections,
      ...load,
      perConnection: (index) => {
        const student = loadUsers[index % loadUsers.length]!;
        const cookie = cookies[index % cookies.length]!;
        let turn = 0;
        return {
          method: "POST",
          path: "/api/review",
          headers: { cookie, "content-type": "application/json" },
          setupRequest: (request) => {
            turn += 1;
            keyCounter += 1;
            const cardId = student.cardIds[(turn * 7 + index) % student.cardIds.length]!;
            return { ...request, body: JSON.stringify({ cardId, rating: 1 + (turn % 4), idempotencyKey: `bench-${keyCounter}-${index}-${turn}` }) };
          },
        };
      },
    });
  }
  rows.push(loadRow("framework-20", "framework ceiling (trivial route), 20 conn", framework[20]!));
  rows.push(loadRow("framework-100", "framework ceiling (trivial route), 100 conn", framework[100]!));
  rows.push(loadRow("database-20", "database ceiling (answer's write via pg), 20 conc", databaseFigures[20]!));
  rows.push(loadRow("database-100", "database ceiling (answer's write via pg), 100 conc", databaseFigures[100]!));
  rows.push(loadRow("answer-20", "answer a card (POST /api/review), 20 conn", answer[20]!, { framework: framework[20], database: databaseFigures[20] }, "distinct students, unique keys"));
  rows.push(loadRow("answer-100", "answer a card (POST /api/review), 100 conn", answer[100]!, { framework: framework[100], database: databaseFigures[100] }, "distinct students, unique keys"));

  // The queue of the heavy student.
  // The queue of the heavy student, as the review page asks for it (limit=200), and with the API's default limit (50).
  await idleCheck("queue");
  log(`GET /api/review/queue for the heavy student (${data.heavy.states.length} card states) …`);
  const heavyCookie = await sessionCookie({ id: data.heavy.id });
  const queueHttp = await httpLoad({
    url: server.baseUrl,
    connections: 10,
    ...load,
    perConnection: () => ({ method: "GET", path: `/api/review/queue?course=${HEAVY_COURSE}&limit=200`, headers: { cookie: heavyCookie } }),
  });
  const calls = options.quick ? 40 : 120;
  const queueTime = await queueServerTime({ userId: data.heavy.id, course: HEAVY_COURSE, calls, warmup: 20, limit: 200 });
  const queueTime50 = await queueServerTime({ userId: data.heavy.id, course: HEAVY_COURSE, calls, warmup: 5 });
  rows.push({
    ...loadRow("queue", `fetch the queue (${data.heavy.states.length} states, limit 200), 10 conn`, queueHttp, { framework: framework[20] }),
    notes:
      `server time p50 ${queueTime.p50} ms, p95 ${queueTime.p95} ms for ${queueTime.cards} cards (limit 200, as the review page asks); ` +
      `p50 ${queueTime50.p50} ms, p95 ${queueTime50.p95} ms for ${queueTime50.cards} (default limit 50); in-process, sequential`,
    data: { http: queueHttp, serverTime: queueTime, serverTimeDefaultLimit: queueTime50 },
  });

  // Class dashboard (the instructor engineer's seeding and compute function, when it exists).
  if (options.dashboard) {
    log("class dashboard (bench/dashboard.ts) …");
    rows.push(await dashboardRow(options.quick, options.days, now));
  } else {
    rows.push({ key: "dashboard", label: "class dashboard data (500 students), in-process", ratio: "—", notes: "skipped (--quick or --no-dashboard)" });
  }

  // Scheduling cost of one answer in lib/srs.
  const { schedulingContextOf } = await import("@/lib/review/scheduling-context");
  const context = schedulingContextOf(null);
  const srs = schedulingCost(data.heavy.states, context.params, context.dayRule, options.quick ? 1 : 2);
  rows.push({
    key: "srs",
    label: "schedule one answer (lib/srs answerCard), in-process",
    rps: srs.opsPerSecond,
    ratio: "—",
    notes: `${srs.microsecondsPerOp} µs per answer (ops/s in the req/s column)`,
    data: srs,
  });

  log("memory model: synthetic cohorts, fits and held-out figures …");
  const { memoryModelBench } = await import("./lib/memory-model");
  rows.push(...(await memoryModelBench({ quick: options.quick })));

  let client: Record<string, unknown> | undefined;
  if (options.client) {
    log("client measurements (bench/client.ts) …");
    const { measureClient } = await import("./client");
    const phoneCookie = await sessionCookie({ id: phoneStudent });
    client = await measureClient({ baseUrl: server.baseUrl, cookie: phoneCookie, lighthouse: options.lighthouse, taps: options.quick ? 6 : 12, log }).catch((error: unknown) => ({ error: String(error) }));
  }

  const peak = memory.stop();
  rows.push({ key: "memory", label: "server peak memory (RSS of next start)", ratio: "—", notes: `${round(peak / 2 ** 20, 0)} MiB peak over the whole run`, data: { peakBytes: peak } });
  await server.stop();
  stopServer = undefined;

  let scale: Record<string, unknown> | undefined;
  if (options.scale) {
    log("two instances on one database (bench/two-instances.ts) …");
    const scaleUrl = await createMigratedDatabase(database, "retain_scale");
    scale = await runScale(scaleUrl, options.quick, snapshot.dir);
  }

  aims.push(...judge(rows, client, framework, answer, queueTime));
  const busiest = Math.max(quietBefore, ...Object.values(background));
  if (busiest > 0.25) {
    log(`warning: other processes kept the CPUs up to ${Math.round(busiest * 100)}% busy before some rows; figures are lower than on a quiet machine`);
  }
  if (client) rows.push(...clientRows(client));

  report = {
    generatedAt: new Date().toISOString(),
    machine: { ...machine() },
    options: { ...options },
    dataSet: {
      students: options.students,
      cardsPerStudent: data.course.cardIds.length,
      course: data.course.slug,
      days: options.days,
      users: data.counts.users,
      cardStates: data.counts.cardStates,
      reviewLogs: data.counts.reviewLogs,
      heavyCardStates: data.heavy.states.length,
      seedSeconds: round(data.seconds, 0),
      postgres: database.serverVersion,
    },
    build,
    background: { quietBefore, beforeRow: background, note: "CPU fraction busy while the server idled before each row; well above 0 means other work on the machine" },
    rows,
    aims,
    client,
    scale,
    seconds: round((performance.now() - started) / 1000, 0),
  };
} finally {
  await stopServer?.().catch(() => {});
  snapshot.remove();
  await database.stop().catch(() => {});
}

if (report) {
  // A quick (smoke) run does not replace the default-size figures the docs cite.
  const file = writeLatest(report, options.quick ? "latest-quick.json" : "latest.json");
  if (options.docs && !options.quick) {
    if (!updatePerformanceDoc(report)) log("docs/PERFORMANCE.md has no bench:results markers; not updated");
  }
  printReport(report, path.relative(process.cwd(), file));
}

function printReport(result: BenchReport, file: string) {
  console.log(`\nRetain benchmark — ${result.options.quick ? "quick" : "default"} size, ${result.seconds} s (${file})\n`);
  console.log(formatTable(result.rows));
  console.log("");
  for (const aim of result.aims) console.log(`${aim.met === null ? "○" : aim.met ? "✓" : "✗"} ${aim.aim}: ${aim.detail}`);
  if (result.scale && typeof result.scale.summary === "string") console.log(`\nTwo instances: ${result.scale.summary}`);
}

async function dashboardRow(quick: boolean, days: number, now: Date): Promise<Row> {
  const label = "class dashboard data (500 students), in-process";
  const file = path.resolve("bench/dashboard.ts");
  if (!fs.existsSync(file)) return { key: "dashboard", label, ratio: "—", notes: "pending: instructor issue (bench/dashboard.ts does not exist yet)" };
  try {
    const dashboardModule = (await import("./dashboard")) as Record<string, unknown>;
    const seed = dashboardModule.seedDashboardData as
      | ((url: string, options: { students: number; days: number; now: Date }) => Promise<{ classId: string; courseId: string; instructor: { id: string; role: "instructor" }; now: Date; counts: Record<string, number> }>)
      | undefined;
    if (typeof seed !== "function") return { key: "dashboard", label, ratio: "—", notes: "pending: bench/dashboard.ts exports no seedDashboardData" };
    const seeded = performance.now();
    // The quick size keeps 500 students but a week of history, so the row costs seconds, not minutes.
    // Seeded like the rest (no triggers row by row), then the summaries rebuilt once.
    const data = await seed(seedUrl(process.env.DATABASE_URL!), { students: 500, days: quick ? Math.min(days, 7) : days, now });
    const pool = seedPool(process.env.DATABASE_URL!);
    await pool.query("ANALYZE");
    await refreshDerivedTables(pool, data.courseId);
    await pool.end();
    const seedSeconds = (performance.now() - seeded) / 1000;
    const { getClassDashboard } = (await import("@/lib/classes/dashboard")) as {
      getClassDashboard: (actor: Actor, classId: string, now: Date) => Promise<{ students: unknown[] }>;
    };
    const samples: number[] = [];
    let students = 0;
    const runs = quick ? 10 : 30;
    for (let run = 0; run < runs + 3; run += 1) {
      const begun = performance.now();
      const dashboard = await getClassDashboard(testActor(data.instructor), data.classId, data.now);
      if (run >= 3) samples.push(performance.now() - begun);
      students = dashboard.students.length;
    }
    const summary = summarise(samples);
    return {
      key: "dashboard",
      label,
      rps: round(1000 / summary.mean, 0),
      p50: round(summary.p50, 1),
      p99: round(summary.p99, 1),
      errors: 0,
      ratio: "—",
      notes: `getClassDashboard for ${students} students, ${data.counts.reviewLogs} logs: p95 ${round(summary.p95, 1)} ms over ${samples.length} sequential runs (req/s = 1000 / mean); seeded by bench/dashboard.ts in ${round(seedSeconds, 0)} s`,
      data: { ...summary, students, seedSeconds, counts: data.counts },
    };
  } catch (error) {
    return { key: "dashboard", label, ratio: "—", notes: `pending: the instructor's dashboard could not be measured (${error instanceof Error ? error.message.split("\n")[0] : String(error)})` };
  }
}

function clientRows(client: Record<string, unknown>): Row[] {
  const rowsOut: Row[] = [];
  const c = client as { error?: string; firstLoadJs?: { gzipBytes?: number; files?: number; note?: string }; tapToNext?: { p50?: number; p90?: number; samples?: number; note?: string }; lighthouse?: { score?: number; note?: string; metrics?: Record<string, number> } };
  if (c.error) return [{ key: "client", label: "client measurements", ratio: "—", notes: `failed: ${c.error}` }];
  rowsOut.push({
    key: "review-js",
    label: "review page first-load JS (gzip)",
    ratio: "—",
    notes: c.firstLoadJs?.gzipBytes !== undefined ? `${round(c.firstLoadJs.gzipBytes / 1024, 1)} KB in ${c.firstLoadJs.files} files${c.firstLoadJs.note ? `; ${c.firstLoadJs.note}` : ""}` : c.firstLoadJs?.note ?? "not measured",
  });
  rowsOut.push({
    key: "tap-to-next",
    label: "tap to next card, CPU 4× throttled",
    p50: c.tapToNext?.p50,
    p99: undefined,
    ratio: "—",
    notes: c.tapToNext?.p50 !== undefined ? `p50 ${c.tapToNext.p50} ms, p90 ${c.tapToNext.p90} ms over ${c.tapToNext.samples} answers` : c.tapToNext?.note ?? "not measured",
  });
  rowsOut.push({
    key: "lighthouse",
    label: "Lighthouse mobile performance (review page)",
    ratio: "—",
    notes: c.lighthouse?.score !== undefined ? `score ${c.lighthouse.score}${c.lighthouse.metrics ? `; ${Object.entries(c.lighthouse.metrics).map(([name, value]) => `${name} ${value}`).join(", ")}` : ""}` : c.lighthouse?.note ?? "not measured",
  });
  return rowsOut;
}

function judge(
  allRows: Row[],
  client: Record<string, unknown> | undefined,
  framework: Record<number, LoadFigures>,
  answer: Record<number, LoadFigures>,
  queueTime: { p95: number },
): Aim[] {
  void allRows;
  const a20 = answer[20]!;
  const f20 = framework[20]!;
  const ratio = a20.rps / f20.rps;
  const result: Aim[] = [
    {
      aim: "answering ≥ ½ framework ceiling, p99 < 60 ms, no errors at 20 connections",
      met: ratio >= 0.5 && a20.p99 < 60 && a20.errors === 0,
      detail: `${ratio.toFixed(2)}× ceiling (${a20.rps} vs ${f20.rps} req/s), p99 ${a20.p99} ms, ${a20.errors} errors`,
    },
    { aim: "queue fetch < 10 ms p95 server time at 5,000 states", met: queueTime.p95 < 10, detail: `p95 ${queueTime.p95} ms` },
  ];
  const c = client as { firstLoadJs?: { gzipBytes?: number }; lighthouse?: { score?: number; note?: string } } | undefined;
  const js = c?.firstLoadJs?.gzipBytes;
  result.push({ aim: "review page ≤ 150 KB gzipped JS", met: js === undefined ? null : js <= 150 * 1024, detail: js === undefined ? "not measured" : `${round(js / 1024, 1)} KB` });
  const score = c?.lighthouse?.score;
  result.push({ aim: "Lighthouse mobile ≥ 90", met: score === undefined ? null : score >= 90, detail: score === undefined ? (c?.lighthouse?.note ?? "not measured") : `score ${score}` });
  return result;
}

async function runScale(databaseUrl: string, quick: boolean, appDir: string): Promise<Record<string, unknown>> {
  const out = path.join(RESULTS_DIR, "scale.json.tmp");
  fs.rmSync(out, { force: true });
  const args = ["--conditions=react-server", "bench/two-instances.ts", "--database-url", databaseUrl, "--json", out, "--app-dir", appDir, ...(quick ? ["--quick"] : [])];
  const code = await new Promise<number>((resolve) => {
    const child = spawn(path.resolve("node_modules/.bin/tsx"), args, { stdio: "inherit", env: { ...process.env, DATABASE_URL: databaseUrl } });
    child.on("exit", (status) => resolve(status ?? 1));
  });
  if (!fs.existsSync(out)) return { error: `bench/two-instances.ts exited with ${code} and wrote no result` };
  return JSON.parse(fs.readFileSync(out, "utf8")) as Record<string, unknown>;
}
