/**
 * Class dashboard benchmark: seeds a throwaway embedded PostgreSQL with one class of 500 students
 * and 60 days of reviews on a 48-card course (real FSRS scheduling from lib/srs, so the states,
 * logs and snapshots look like production data), then times the instructor dashboard computation
 * (`getClassDashboard`: every query and all post-processing) and prints median and p95.
 *
 *   npx tsx --conditions=react-server bench/dashboard.ts [--students 500] [--days 60] [--runs 20]
 *
 * `seedDashboardData(databaseUrl, options)` is exported for the benchmark harness; it only needs a
 * migrated, empty database and does not import server-only modules.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { answerCard, DEFAULT_PARAMS, newCardState, type DayRule, type SrsCardState, type SrsRating } from "@/lib/srs";
import type { Actor } from "@/lib/auth/actor";
import { testActor } from "@/tests/support/actors";

export type DashboardSeedOptions = {
  students?: number;
  days?: number;
  units?: number;
  lessonsPerUnit?: number;
  cardsPerLesson?: number;
  /** The moment the dashboard is looked at; the simulated days end just before it. */
  now?: Date;
  seed?: number;
  log?: (message: string) => void;
};

export type DashboardSeed = {
  classId: string;
  courseId: string;
  courseSlug: string;
  instructor: Actor;
  studentIds: string[];
  assignmentIds: string[];
  now: Date;
  counts: { students: number; cards: number; reviewLogs: number; cardStates: number; assignments: number };
};

/** Small, fast, seedable PRNG (mulberry32), so every run seeds the same data. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZONES = ["UTC", "America/New_York", "Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata"];
const DAY_MS = 86_400_000;

type Snapshot = SrsCardState & { suspended: boolean; version: number };
const snapshotJson = (s: Snapshot) =>
  JSON.stringify({ ...s, due: s.due.toISOString(), lastReview: s.lastReview?.toISOString() ?? null });

async function insertRows(client: pg.PoolClient, table: string, columns: [string, string][], rows: unknown[][], batch = 2000) {
  for (let start = 0; start < rows.length; start += batch) {
    const chunk = rows.slice(start, start + batch);
    const arrays = columns.map((_, index) => chunk.map((row) => row[index]));
    const list = columns.map(([name]) => `"${name}"`).join(", ");
    const unnest = columns.map(([, type], index) => `$${index + 1}::${type}[]`).join(", ");
    await client.query(`INSERT INTO "${table}" (${list}) SELECT * FROM unnest(${unnest})`, arrays);
  }
}

export async function seedDashboardData(databaseUrl: string, options: DashboardSeedOptions = {}): Promise<DashboardSeed> {
  const studentCount = options.students ?? 500;
  const days = options.days ?? 60;
  const units = options.units ?? 2;
  const lessonsPerUnit = options.lessonsPerUnit ?? 4;
  const cardsPerLesson = options.cardsPerLesson ?? 6;
  const now = options.now ?? new Date("2026-11-20T18:00:00Z");
  const random = prng(options.seed ?? 20261120);
  const log = options.log ?? (() => {});
  const start = new Date(now.getTime() - days * DAY_MS);

  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const client = await pool.connect();
  try {
    // Bulk load without firing the CardReviewSummary trigger row by row (and without FK checks, this
    // session only); the summaries are rebuilt at the end with the trigger's own function.
    await client.query("SET session_replication_role = replica");
    const courseId = `bench-course-${randomUUID()}`;
    const courseSlug = `bench-${randomUUID().slice(0, 8)}`;
    const paragraphs = Array.from({ length: units * lessonsPerUnit }, (_, index) => ({
      anchor: `p${index + 1}`,
      index,
      text: `Source paragraph ${index + 1}: the passage a lesson's cards are drawn from.`,
      gapBefore: false,
      gapAfter: false,
    }));
    await client.query(
      `INSERT INTO "Course" (id, slug, title, summary, audience, "contentNote", "supportResources", bundle, "contentHash", "updatedAt")
       VALUES ($1, $2, $3, 'Benchmark course', 'Benchmarks', 'None', '[]', $4, 'bench', now())`,
      [courseId, courseSlug, "Benchmark course", JSON.stringify({ source: { title: "Bench essay", citation: "", paragraphs } })],
    );
    const cards: { id: string; lessonId: string; hardness: number; anchor: string }[] = [];
    const lessons: { id: string; key: string; unitKey: string }[] = [];
    const unitIds: string[] = [];
    let position = 1;
    for (let u = 0; u < units; u += 1) {
      const unitId = randomUUID();
      unitIds.push(unitId);
      await client.query(`INSERT INTO "Unit" (id, "courseId", key, position, title, summary) VALUES ($1, $2, $3, $4, $5, '')`, [
        unitId, courseId, `unit-${u + 1}`, u, `Unit ${u + 1}`,
      ]);
      for (let l = 0; l < lessonsPerUnit; l += 1) {
        const lessonId = randomUUID();
        const key = `lesson-${u + 1}-${l + 1}`;
        lessons.push({ id: lessonId, key, unitKey: `unit-${u + 1}` });
        await client.query(
          `INSERT INTO "Lesson" (id, "courseId", "unitId", key, position, title, objectives, passages) VALUES ($1, $2, $3, $4, $5, $6, '{}', '{}')`,
          [lessonId, courseId, unitId, key, l, `Lesson ${u + 1}.${l + 1}`],
        );
        for (let c = 0; c < cardsPerLesson; c += 1) {
          const anchor = `p${lessons.length}`;
          cards.push({ id: randomUUID(), lessonId, hardness: random() * random() * 0.35, anchor });
          const card = cards[cards.length - 1]!;
          await client.query(
            `INSERT INTO "Card" (id, "courseId", "lessonId", key, "noteKey", kind, prompt, answer, "sourceAnchor", "sourceQuote", tags, "contentHash", position, "updatedAt")
             VALUES ($1, $2, $3, $4, $4, 'basic', $5, $6, $7, 'quote', '{}', $4, $8, now())`,
            [card.id, courseId, lessonId, `${key}-c${c + 1}`, `Question ${position}?`, `Answer ${position}`, anchor, position],
          );
          position += 1;
        }
      }
    }

    const instructorId = randomUUID();
    await client.query(
      `INSERT INTO "User" (id, email, name, role, "passwordHash", "updatedAt") VALUES ($1, $2, 'Bench Instructor', 'instructor', 'x', now())`,
      [instructorId, `instructor-${instructorId}@bench.test`],
    );
    const classId = randomUUID();
    await client.query(
      `INSERT INTO "Class" (id, name, term, "courseId", "timeZone", "joinCode", "createdById", "updatedAt")
       VALUES ($1, 'Bench class', 'Fall 2026', $2, 'America/New_York', $3, $4, now())`,
      [classId, courseId, randomUUID().replaceAll("-", "").slice(0, 10).toUpperCase(), instructorId],
    );
    await client.query(`INSERT INTO "ClassInstructor" (id, "classId", "userId", role) VALUES ($1, $2, $3, 'owner')`, [randomUUID(), classId, instructorId]);

    const lessonIdsOf = (from: number, to: number) => lessons.slice(from, to).map((lesson) => lesson.id);
    const assignmentSpecs = [
      { title: "First two lessons", lessons: lessonIdsOf(0, 2), dueDay: 10, goal: "learn", unitId: null as string | null },
      { title: "Lessons three and four", lessons: lessonIdsOf(2, 4), dueDay: 20, goal: "learn", unitId: null },
      { title: "Unit 2", lessons: lessons.filter((lesson) => lesson.unitKey === "unit-2").map((lesson) => lesson.id), dueDay: 40, goal: "learn", unitId: unitIds[1] ?? null },
      { title: "Recall unit 1", lessons: lessonIdsOf(0, lessonsPerUnit), dueDay: 55, goal: "recall", unitId: unitIds[0] ?? null },
    ];
    const assignmentIds: string[] = [];
    for (const spec of assignmentSpecs) {
      const id = randomUUID();
      assignmentIds.push(id);
      await client.query(
        `INSERT INTO "Assignment" (id, "classId", title, "unitId", "opensAt", "dueAt", goal, "createdById", "updatedAt")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())`,
        [id, classId, spec.title, spec.unitId, start, new Date(start.getTime() + spec.dueDay * DAY_MS), spec.goal, instructorId],
      );
      for (const lessonId of spec.lessons) {
        await client.query(`INSERT INTO "AssignmentLesson" ("assignmentId", "lessonId") VALUES ($1, $2)`, [id, lessonId]);
      }
    }

    const studentIds: string[] = [];
    let reviewLogs = 0;
    let cardStates = 0;
    for (let s = 0; s < studentCount; s += 1) {
      const userId = randomUUID();
      studentIds.push(userId);
      const timeZone = ZONES[s % ZONES.length]!;
      const rule: DayRule = { timeZone, dayStartHour: 4 };
      const diligence = 0.25 + random() * 0.7;
      const newPerDay = [4, 6, 8, 10][Math.floor(random() * 4)]!;
      const skill = random() * 0.1;
      await client.query(`INSERT INTO "User" (id, email, name, role, "passwordHash", "updatedAt") VALUES ($1, $2, $3, 'student', 'x', now())`, [
        userId, `student-${s}-${userId.slice(0, 8)}@bench.test`, `Student ${String(s + 1).padStart(3, "0")}`,
      ]);
      await client.query(`INSERT INTO "Enrollment" (id, "classId", "userId", "joinedAt") VALUES ($1, $2, $3, $4)`, [randomUUID(), classId, userId, start]);
      if (timeZone !== "UTC") {
        await client.query(
          `INSERT INTO "CourseSettings" (id, "userId", "courseId", "timeZone", "timeZoneDetected", "dayStartHour", weights, "updatedAt")
           VALUES ($1, $2, $3, $4, true, 4, '{}', $5)`,
          [randomUUID(), userId, courseId, timeZone, start],
        );
      }

      const states = new Map<string, Snapshot>();
      let nextNew = 0;
      const logRows: unknown[][] = [];
      const answer = (cardIndex: number, at: Date) => {
        const card = cards[cardIndex]!;
        const before = states.get(card.id) ?? { ...newCardState(at), suspended: false, version: 0 };
        const learning = before.state !== "review";
        const pAgain = (learning ? 0.12 : 0.06) + card.hardness + skill;
        const roll = random();
        const rating: SrsRating = roll < pAgain ? 1 : roll < pAgain + 0.08 ? 2 : roll > 0.93 ? 4 : 3;
        const outcome = answerCard(before, rating, at, DEFAULT_PARAMS, rule);
        const after: Snapshot = { ...outcome.state, suspended: false, version: before.version + 1 };
        states.set(card.id, after);
        const o = outcome.log;
        logRows.push([
          randomUUID(), userId, card.id, courseId, "answer", o.rating, o.state, o.due, o.stability, o.difficulty, o.elapsedDays,
          o.lastElapsedDays, o.scheduledDays, o.learningSteps, at, randomUUID(), 4000 + Math.floor(random() * 8000),
          snapshotJson(before), snapshotJson(after), at,
        ]);
      };
      for (let day = 0; day < days; day += 1) {
        if (random() > diligence) continue;
        let at = new Date(start.getTime() + day * DAY_MS + (8 + random() * 12) * 3_600_000);
        if (at.getTime() > now.getTime() - 60_000) break;
        const tick = () => (at = new Date(at.getTime() + 8_000 + Math.floor(random() * 12_000)));
        const due = cards
          .map((card, index) => ({ index, state: states.get(card.id) }))
          .filter((entry) => entry.state && entry.state.due.getTime() <= at.getTime())
          .sort((a, b) => a.state!.due.getTime() - b.state!.due.getTime());
        for (const entry of due) {
          answer(entry.index, at);
          tick();
        }
        for (let n = 0; n < newPerDay && nextNew < cards.length; n += 1) {
          answer(nextNew, at);
          nextNew += 1;
          tick();
        }
        // Work through the session's learning steps (1 and 10 minutes) until nothing is due within 20 minutes.
        for (let guard = 0; guard < 200; guard += 1) {
          let soonest: { index: number; due: number } | null = null;
          cards.forEach((card, index) => {
            const state = states.get(card.id);
            if (!state || (state.state !== "learning" && state.state !== "relearning")) return;
            if (!soonest || state.due.getTime() < soonest.due) soonest = { index, due: state.due.getTime() };
          });
          const next = soonest as { index: number; due: number } | null;
          if (!next || next.due > at.getTime() + 20 * 60_000) break;
          if (next.due > at.getTime()) at = new Date(next.due);
          answer(next.index, at);
          tick();
        }
      }
      await insertRows(
        client,
        "ReviewLog",
        [
          ["id", "text"], ["userId", "text"], ["cardId", "text"], ["courseId", "text"], ["kind", '"ReviewKind"'], ["rating", "int"],
          ["state", '"CardStateKind"'], ["due", "timestamp"], ["stability", "float8"], ["difficulty", "float8"], ["elapsedDays", "int"],
          ["lastElapsedDays", "int"], ["scheduledDays", "int"], ["learningSteps", "int"], ["reviewedAt", "timestamp"],
          ["idempotencyKey", "text"], ["durationMs", "int"], ["stateBefore", "jsonb"], ["stateAfter", "jsonb"], ["createdAt", "timestamp"],
        ],
        logRows,
      );
      reviewLogs += logRows.length;
      const stateRows = [...states.entries()].map(([cardId, state]) => [
        randomUUID(), userId, cardId, courseId, state.due, state.stability, state.difficulty, state.elapsedDays, state.scheduledDays,
        state.learningSteps, state.reps, state.lapses, state.state, state.lastReview, state.version, now,
      ]);
      await insertRows(
        client,
        "CardState",
        [
          ["id", "text"], ["userId", "text"], ["cardId", "text"], ["courseId", "text"], ["due", "timestamp"], ["stability", "float8"],
          ["difficulty", "float8"], ["elapsedDays", "int"], ["scheduledDays", "int"], ["learningSteps", "int"], ["reps", "int"],
          ["lapses", "int"], ["state", '"CardStateKind"'], ["lastReview", "timestamp"], ["version", "int"], ["updatedAt", "timestamp"],
        ],
        stateRows,
      );
      cardStates += stateRows.length;
      if ((s + 1) % 100 === 0) log(`  seeded ${s + 1}/${studentCount} students, ${reviewLogs} reviews`);
    }
    await client.query("SET session_replication_role = DEFAULT");
    await client.query(
      `SELECT "retain_refresh_card_review_summary"(pair."userId", pair."cardId", pair."courseId")
       FROM (SELECT DISTINCT "userId", "cardId", "courseId" FROM "ReviewLog" WHERE "courseId" = $1) pair`,
      [courseId],
    );
    await client.query("VACUUM ANALYZE");
    return {
      classId,
      courseId,
      courseSlug,
      instructor: testActor({ id: instructorId, role: "instructor" }),
      studentIds,
      assignmentIds,
      now,
      counts: { students: studentCount, cards: cards.length, reviewLogs, cardStates, assignments: assignmentIds.length },
    };
  } finally {
    client.release();
    await pool.end();
  }
}

/** CPU time (ms) used so far by these processes, from /proc (clock ticks of 10 ms). */
function cpuMsOf(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks * 10;
}

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? NaN;
}

async function main() {
  const { startEmbeddedPostgres } = await import("@/scripts/lib/embedded-postgres");
  const { migrateDeploy } = await import("@/scripts/lib/local-database");
  const rootDir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-bench-dashboard-"));
  const database = await startEmbeddedPostgres({ rootDir, database: "bench_dashboard", persistent: false, fast: true });
  try {
    await migrateDeploy(database.url);
    const students = argument("students", 500);
    const days = argument("days", 60);
    const runs = argument("runs", 20);
    console.log(`Seeding ${students} students × ${days} days of reviews…`);
    const seeded = Date.now();
    const seed = await seedDashboardData(database.url, { students, days, log: console.log });
    console.log(
      `Seeded in ${((Date.now() - seeded) / 1000).toFixed(1)} s: ${seed.counts.cards} cards, ${seed.counts.reviewLogs} review logs, ` +
        `${seed.counts.cardStates} card states, ${seed.counts.assignments} assignments`,
    );

    Object.assign(process.env, { DATABASE_URL: database.url, NEXTAUTH_SECRET: "bench-secret-that-is-long-enough-for-signing" });
    const { getClassDashboard } = await import("@/lib/classes/dashboard");
    const { db } = await import("@/lib/db/client");
    const times: number[] = [];
    let rows = 0;
    let dbCpu = 0;
    let nodeCpu = 0;
    // The app's pooled connections to Postgres: their CPU time is what the dashboard costs the
    // database, a figure that (unlike wall time) hardly grows when other programs share the machine.
    let backends: number[] = [];
    for (let run = 0; run < runs + 3; run += 1) {
      if (run === 3) {
        const active = await db().$queryRaw<{ pid: number }[]>`
          SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`;
        backends = active.map((backend) => backend.pid);
      }
      const cpuBefore = cpuMsOf(backends);
      const nodeBefore = process.cpuUsage();
      const started = performance.now();
      const dashboard = await getClassDashboard(seed.instructor, seed.classId, seed.now);
      const elapsed = performance.now() - started;
      const node = process.cpuUsage(nodeBefore);
      if (run >= 3) {
        times.push(elapsed);
        dbCpu += cpuMsOf(backends) - cpuBefore;
        nodeCpu += (node.user + node.system) / 1000;
      }
      rows = dashboard.students.length;
    }
    times.sort((a, b) => a - b);
    const median = percentile(times, 50);
    const p95 = percentile(times, 95);
    const load = os.loadavg()[0] ?? 0;
    console.log(
      `Class dashboard for ${rows} students, ${seed.counts.reviewLogs} reviews (${runs} runs after 3 warm-ups): ` +
        `median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, min ${times[0]?.toFixed(1)} ms, max ${times[times.length - 1]?.toFixed(1)} ms`,
    );
    console.log(
      `CPU per run: Postgres ${(dbCpu / runs).toFixed(0)} ms, Node ${(nodeCpu / runs).toFixed(0)} ms; load average ${load.toFixed(2)} on ${os.cpus().length} CPUs` +
        (load > os.cpus().length ? " (the machine is busy: wall times are inflated)" : ""),
    );
    console.log(
      JSON.stringify({
        benchmark: "class-dashboard",
        students: rows,
        reviewLogs: seed.counts.reviewLogs,
        runs,
        medianMs: +median.toFixed(1),
        p95Ms: +p95.toFixed(1),
        postgresCpuMsPerRun: +(dbCpu / runs).toFixed(1),
        nodeCpuMsPerRun: +(nodeCpu / runs).toFixed(1),
        loadAverage: +load.toFixed(2),
      }),
    );
    await db().$disconnect();
  } finally {
    await database.stop();
    fs.rmSync(rootDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
