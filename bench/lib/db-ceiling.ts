/**
 * The database ceiling: the write one answer makes, straight through `pg` with no framework, ORM or
 * scheduling in the way (BEGIN; SELECT … FOR UPDATE on the student's CardState row; INSERT the
 * ReviewLog; UPDATE the CardState; COMMIT), from `concurrency` connections at once, each working for
 * a different student so rows do not contend, exactly like the HTTP rows.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { LoadFigures } from "./load";
import { round, summarise } from "./stats";

export type CeilingTarget = { userId: string; cardIds: readonly string[] };

const LOCK = `SELECT * FROM "CardState" WHERE "userId" = $1 AND "cardId" = $2 FOR UPDATE`;
const INSERT_LOG = `
  INSERT INTO "ReviewLog" (id, "userId", "cardId", "courseId", kind, rating, state, due, stability, difficulty,
    "elapsedDays", "lastElapsedDays", "scheduledDays", "learningSteps", "reviewedAt", "idempotencyKey", "durationMs",
    undone, "stateBefore", "stateAfter", "createdAt")
  VALUES ($1, $2, $3, $4, 'answer', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, false, $17, $18, $14)`;
const UPDATE_STATE = `
  UPDATE "CardState" SET due = $2, stability = $3, difficulty = $4, "elapsedDays" = $5, "scheduledDays" = $6,
    "learningSteps" = $7, reps = $8, lapses = $9, state = $10, "lastReview" = $11, version = $12, "updatedAt" = $13
  WHERE id = $1`;

type Row = {
  id: string; courseId: string; due: Date; stability: number; difficulty: number; elapsedDays: number; scheduledDays: number;
  learningSteps: number; reps: number; lapses: number; state: string; lastReview: Date | null; suspended: boolean; version: number;
};

const snapshot = (row: Row, version: number) => ({
  due: row.due.toISOString(), stability: row.stability, difficulty: row.difficulty, elapsedDays: row.elapsedDays,
  scheduledDays: row.scheduledDays, learningSteps: row.learningSteps, reps: row.reps, lapses: row.lapses, state: row.state,
  lastReview: row.lastReview?.toISOString() ?? null, suspended: row.suspended, version,
});

async function answerOnce(client: pg.Client, target: CeilingTarget, counter: number) {
  const cardId = target.cardIds[counter % target.cardIds.length]!;
  const now = new Date();
  await client.query("BEGIN");
  try {
    const { rows } = await client.query<Row>(LOCK, [target.userId, cardId]);
    const row = rows[0];
    if (!row) throw new Error(`no CardState for ${target.userId}/${cardId}`);
    // The scheduling values themselves do not matter to the database: keep them, bump the version.
    await client.query(INSERT_LOG, [
      `cb${randomUUID().replaceAll("-", "").slice(0, 23)}`, target.userId, cardId, row.courseId, 3, row.state, row.lastReview ?? row.due,
      row.stability, row.difficulty, row.elapsedDays, row.elapsedDays, row.scheduledDays, row.learningSteps, now,
      `ceiling-${randomUUID()}`, 4_000, JSON.stringify(snapshot(row, row.version)), JSON.stringify(snapshot(row, row.version + 1)),
    ]);
    await client.query(UPDATE_STATE, [
      row.id, row.due, row.stability, row.difficulty, row.elapsedDays, row.scheduledDays, row.learningSteps, row.reps,
      row.lapses, row.state, row.lastReview, row.version + 1, now,
    ]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

async function drive(clients: pg.Client[], targets: CeilingTarget[], seconds: number) {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    clients.map(async (client, index) => {
      const target = targets[index % targets.length]!;
      for (let counter = index; performance.now() < deadline; counter += 1) {
        const begun = performance.now();
        try {
          await answerOnce(client, target, counter);
          latencies.push(performance.now() - begun);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  return { latencies, errors, seconds: (performance.now() - started) / 1000 };
}

export async function databaseCeiling(options: {
  databaseUrl: string;
  concurrency: number;
  duration: number;
  warmup: number;
  targets: CeilingTarget[];
}): Promise<LoadFigures> {
  const clients = Array.from({ length: options.concurrency }, () => new pg.Client({ connectionString: options.databaseUrl }));
  await Promise.all(clients.map((client) => client.connect()));
  try {
    if (options.warmup > 0) await drive(clients, options.targets, options.warmup);
    const { latencies, errors, seconds } = await drive(clients, options.targets, options.duration);
    const summary = summarise(latencies);
    return {
      connections: options.concurrency,
      seconds: round(seconds, 2),
      requests: latencies.length,
      rps: round(latencies.length / seconds, 0),
      p50: round(summary.p50, 2),
      p99: round(summary.p99, 2),
      errors,
      statusCodes: {},
    };
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => {})));
  }
}
