/**
 * Scenario 3g, reads and writes whose clock was taken before a row written after it (issue 20):
 * a request takes `now` when it starts, and by the time it reads (or gets its row lock) another
 * answer may have committed with a later `lastReview`. Reproduced deterministically on this file's
 * own database, through the lib functions the routes call:
 *
 * - the queue: a transaction of the test holds an ACCESS EXCLUSIVE lock on "AssignmentLesson"
 *   (read by the queue's first statement, never by an answer), so the queue has taken its clock and
 *   waits; an answer commits meanwhile; the lock is released and the queue reads the newer state.
 *   Before the fix its previews threw ReviewBeforeLastReviewError: a 500 over HTTP.
 * - answers, resets, undo and stats are given a clock a few milliseconds behind a committed answer
 *   (what their `now` is when they waited for the row lock behind it). Before the fix the online
 *   answer was refused (409) and the reset was logged before the answer it followed, so the stored
 *   state no longer equalled the replay of its history.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { answerCard } from "@/lib/review/answer";
import { applyCardAction } from "@/lib/review/card-actions";
import { getReviewQueue } from "@/lib/review/queue";
import { getCourseStats } from "@/lib/review/stats";
import { undoLastReview } from "@/lib/review/undo";
import { verifyAllReplays } from "@/lib/review/verify";
import { startOfLocalDay } from "@/lib/srs";
import { createCourse, createUser, key, type FixtureCourse } from "@/tests/support/fixtures";
import { scenario } from "./support/figures";

let course: FixtureCourse;
let locker: pg.Client;

beforeAll(async () => {
  course = await createCourse({ lessons: 1, cardsPerLesson: 6 });
  locker = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await locker.connect();
});

afterAll(async () => {
  await locker.end();
});

/** Resolves once a backend waits for a lock on `table` (the request under test has taken its clock and blocked). */
async function someoneWaitsOn(table: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const { rows } = await locker.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
       WHERE c.relname = $1 AND NOT l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [table],
    );
    if (rows[0]!.waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`nothing waited for a lock on ${table}`);
}

const ms = (date: Date, delta: number) => new Date(date.getTime() + delta);

describe("a clock taken before a row written after it", () => {
  test("the queue previews a card answered between its clock and its read", async () => {
    const s = scenario(
      "concurrency-read-clock-queue",
      "concurrency",
      "Queue read while an answer commits after its clock (issue 20)",
    );
    const student = await createUser();
    // A course of one card: once answered it is the only card left, so the queue shows it (learn-ahead).
    const single = await createCourse({ lessons: 1, cardsPerLesson: 1 });
    const card = single.cards[0]!;

    await locker.query("BEGIN");
    await locker.query(`LOCK TABLE "AssignmentLesson" IN ACCESS EXCLUSIVE MODE`);
    const queueNow = new Date();
    const queue = getReviewQueue(student, { course: single.slug, limit: 50 }, queueNow);
    const settled = queue.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    try {
      await someoneWaitsOn("AssignmentLesson");
      // The answer's clock is later than the queue's, as it is on the server when it commits meanwhile.
      const answeredAt = new Date(Math.max(Date.now(), queueNow.getTime() + 3));
      const answered = await answerCard(student, { cardId: card.id, rating: 3, idempotencyKey: key() }, answeredAt);
      expect(Date.parse(answered.card.lastReview!)).toBeGreaterThan(queueNow.getTime());
      s.add("answers committed during the read");
    } finally {
      await locker.query("ROLLBACK");
    }
    const result = await settled;
    s.add("queue reads");
    expect("error" in result ? String(result.error) : null).toBeNull();
    const { value } = result as { value: Awaited<typeof queue> };
    const item = value.cards.find((entry) => entry.id === card.id);
    expect(item, "the answered card is still due within the learn-ahead window").toBeDefined();
    const state = await db().cardState.findUniqueOrThrow({
      where: { userId_cardId: { userId: student.id, cardId: card.id } },
    });
    // The previews describe the state the queue read (its version), never a time before its last review.
    expect(item!.version).toBe(state.version);
    for (const preview of Object.values(item!.previews)) {
      expect(Date.parse(preview.due)).toBeGreaterThan(state.lastReview!.getTime());
    }
    expect(value.generatedAt).toBe(queueNow.toISOString());
  });

  test("answers, resets, undo and stats whose clock trails a committed answer keep history in order", async () => {
    const s = scenario(
      "concurrency-read-clock-writes",
      "concurrency",
      "Answer, reset, undo and stats with a clock behind a committed answer (issue 20)",
    );
    const student = await createUser();
    const [first, second] = course.cards;
    // Just after a local day starts (UTC, 04:00 by default), so a clock 5 ms behind is still yesterday.
    const committedAt = ms(startOfLocalDay(new Date(), "UTC", 4), 2);
    const behind = ms(committedAt, -5);

    // An online answer (no reviewedAt) that waited for the row lock behind another answer.
    await answerCard(student, { cardId: first!.id, rating: 3, idempotencyKey: key() }, committedAt);
    const late = await answerCard(student, { cardId: first!.id, rating: 1, idempotencyKey: key() }, behind);
    s.add("answers accepted", 2);
    expect(late.replayed).toBe(false);
    expect(Date.parse(late.card.lastReview!)).toBeGreaterThan(committedAt.getTime());

    // An offline answer older than the card's last review is still refused, as before.
    await expect(
      answerCard(
        student,
        { cardId: first!.id, rating: 3, idempotencyKey: key(), reviewedAt: behind.toISOString() },
        committedAt,
      ),
    ).rejects.toMatchObject({ status: 409 });

    // A reset that waited behind an answer: logged after it, so the replay ends new like the stored state.
    await answerCard(student, { cardId: second!.id, rating: 3, idempotencyKey: key() }, committedAt);
    const reset = await applyCardAction(student, { cardId: second!.id, action: "reset" }, behind);
    s.add("answers accepted");
    expect(reset.state).toBe("new");
    const logs = await db().reviewLog.findMany({
      where: { userId: student.id, cardId: second!.id },
      orderBy: [{ reviewedAt: "asc" }, { createdAt: "asc" }],
    });
    expect(logs.map((log) => log.kind)).toEqual(["answer", "reset"]);

    // Undo of the reset with the same trailing clock: marked undone no earlier than it was written.
    const undone = await undoLastReview(student, { course: course.slug }, behind);
    const undoneLog = await db().reviewLog.findUniqueOrThrow({ where: { id: undone.undone.logId } });
    expect(undoneLog.undoneAt!.getTime()).toBeGreaterThanOrEqual(undoneLog.createdAt.getTime());

    // Stats read with a clock behind the newest answer (yesterday, by 3 ms) count today's answers as today's.
    const stats = await getCourseStats(student, course.slug, behind);
    expect(stats.activity.at(-1)!.answers).toBe(3);
    expect(stats.streakDays).toBe(1);

    const report = await verifyAllReplays();
    s.set("states checked against replay", report.states);
    s.set("replay mismatches", report.mismatches.length);
    expect(report.mismatches).toEqual([]);
  });
});
