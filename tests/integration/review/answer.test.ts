import pg from "pg";
import { beforeAll, describe, expect, test } from "vitest";
import { answerCard as scheduleAnswer } from "@/lib/srs";
import { schedulingContextOf } from "@/lib/review/scheduling-context";
import { parseSnapshot } from "@/lib/review/state";
import { db } from "@/lib/db/client";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { answerCard } from "@/lib/review/answer";
import { applyCardAction } from "@/lib/review/card-actions";
import { syncReviews } from "@/lib/review/sync";
import { updateStudySettings } from "@/lib/review/settings";
import { undoLastReview } from "@/lib/review/undo";
import { verifyAllReplays } from "@/lib/review/verify";
import { createCourse, createUser, key, tableCounts, type FixtureCourse } from "@/tests/support/fixtures";

const T0 = new Date("2026-11-02T15:00:00Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
let course: FixtureCourse;

beforeAll(async () => {
  course = await createCourse({ lessons: 2, cardsPerLesson: 6 });
});

const card = (index: number) => course.cards[index]!.id;

describe("answering", () => {
  test("the first answer creates the state and a log with the state before and after", async () => {
    const student = await createUser();
    const { card: result, replayed } = await answerCard(student, { cardId: card(0), rating: 3, idempotencyKey: key() }, T0);
    expect(replayed).toBe(false);
    expect(result).toMatchObject({ id: card(0), state: "learning", reps: 1, version: 1, lastReview: T0.toISOString() });
    expect(new Date(result.due).getTime()).toBeGreaterThan(T0.getTime());
    const logs = await db().reviewLog.findMany({ where: { userId: student.id } });
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ rating: 3, state: "new", undone: false, kind: "answer" });
    expect(logs[0]!.stateBefore).toMatchObject({ state: "new", version: 0 });
    expect(logs[0]!.stateAfter).toMatchObject({ state: "learning", version: 1 });
  });

  test("20 parallel posts with one idempotency key make one log and return the same result", async () => {
    const student = await createUser();
    const idempotencyKey = key();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => answerCard(student, { cardId: card(1), rating: 3, idempotencyKey }, T0)),
    );
    expect(await db().reviewLog.count({ where: { userId: student.id } })).toBe(1);
    expect(outcomes.filter((outcome) => !outcome.replayed)).toHaveLength(1);
    expect(new Set(outcomes.map((outcome) => JSON.stringify(outcome.card))).size).toBe(1);
    const state = await db().cardState.findUniqueOrThrow({ where: { userId_cardId: { userId: student.id, cardId: card(1) } } });
    expect(state.version).toBe(1);
  });

  test("two different ratings racing on one card: one succeeds, the other gets 409", async () => {
    const student = await createUser();
    const results = await Promise.allSettled([
      answerCard(student, { cardId: card(2), rating: 1, idempotencyKey: key(), version: 0 }, T0),
      answerCard(student, { cardId: card(2), rating: 4, idempotencyKey: key(), version: 0 }, T0),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const rejected = results.filter((result) => result.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(await db().reviewLog.count({ where: { userId: student.id } })).toBe(1);
  });

  test("a key reused for a different answer is a conflict", async () => {
    const student = await createUser();
    const idempotencyKey = key();
    await answerCard(student, { cardId: card(3), rating: 3, idempotencyKey }, T0);
    await expect(answerCard(student, { cardId: card(3), rating: 1, idempotencyKey }, T0)).rejects.toBeInstanceOf(ConflictError);
  });

  test("one key racing on four different cards (four row locks): the unique index lets one in, the rest get 409", async () => {
    const student = await createUser();
    const idempotencyKey = key();
    const results = await Promise.allSettled(
      [5, 6, 7, 8].map((index) => answerCard(student, { cardId: card(index), rating: 3, idempotencyKey }, T0)),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results.filter((result) => result.status === "rejected")) {
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    }
    expect(await db().reviewLog.count({ where: { userId: student.id } })).toBe(1);
  });

  test("bad input never writes anything", async () => {
    const student = await createUser();
    const before = await tableCounts();
    const bad: unknown[] = [
      {},
      { cardId: card(0), rating: 5, idempotencyKey: key() },
      { cardId: card(0), rating: 2.5, idempotencyKey: key() },
      { cardId: card(0), rating: "3", idempotencyKey: key() },
      { cardId: card(0), rating: 3, idempotencyKey: "short" },
      { cardId: card(0), rating: 3, idempotencyKey: key(), extra: true },
      { cardId: card(0), rating: 3, idempotencyKey: key(), reviewedAt: "yesterday" },
      { cardId: card(0), rating: 3, idempotencyKey: key(), reviewedAt: minutes(60).toISOString() },
      { cardId: card(0), rating: 3, idempotencyKey: key(), reviewedAt: "2026-01-01T00:00:00Z" },
      { cardId: card(0), rating: 3, idempotencyKey: key(), durationMs: -1 },
    ];
    for (const input of bad) {
      await expect(answerCard(student, input, T0)).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(answerCard(student, { cardId: "nope", rating: 3, idempotencyKey: key() }, T0)).rejects.toBeInstanceOf(NotFoundError);
    expect(await tableCounts()).toEqual(before);
  });

  test("a settings change that commits while an answer's write waits for the settings lock: the answer is decided again under the new settings", async () => {
    const student = await createUser();
    await updateStudySettings(student, course.slug, { desiredRetention: 0.9, newPerDay: 20, reviewsPerDay: 200, timeZone: "UTC", dayStartHour: 4, leechThreshold: 8 });
    await answerCard(student, { cardId: card(10), rating: 3, idempotencyKey: key() }, T0);
    const [first] = await db().reviewLog.findMany({ where: { userId: student.id, cardId: card(10) } });
    // Another connection holds the settings lock exclusively, as a settings change does, with a new
    // retention written but not committed: the answer reads the old settings, then its write waits.
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query("SELECT pg_advisory_xact_lock(hashtext($1::text || $2))", [`settings:${student.id}:`, course.id]);
      await other.query(`UPDATE "CourseSettings" SET "desiredRetention" = 0.75 WHERE "userId" = $1 AND "courseId" = $2`, [student.id, course.id]);
      const answering = answerCard(student, { cardId: card(10), rating: 3, idempotencyKey: key() }, minutes(10));
      for (let waited = 0; ; waited += 20) {
        const { rows } = await other.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'`);
        if (rows[0].n > 0) break;
        if (waited > 10_000) throw new Error("the answer never waited for the settings lock");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await other.query("COMMIT");
      const { card: result } = await answering;
      const settings = await db().courseSettings.findUniqueOrThrow({ where: { userId_courseId: { userId: student.id, courseId: course.id } } });
      expect(settings.desiredRetention).toBe(0.75);
      const before = parseSnapshot(first!.stateAfter);
      const scheduleWith = (row: typeof settings) => {
        const context = schedulingContextOf(row);
        return scheduleAnswer(before, 3, minutes(10), context.params, context.dayRule).state.due.toISOString();
      };
      expect(result.due).toBe(scheduleWith(settings));
      expect(result.due).not.toBe(scheduleWith({ ...settings, desiredRetention: 0.9 }));
    } finally {
      await other.end();
    }
  });

  test("a stale version gets 409 with the current state", async () => {
    const student = await createUser();
    await answerCard(student, { cardId: card(4), rating: 3, idempotencyKey: key(), version: 0 }, T0);
    const error = await answerCard(student, { cardId: card(4), rating: 3, idempotencyKey: key(), version: 0 }, minutes(1)).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).details).toMatchObject({ card: { id: card(4), version: 1 } });
  });
});

describe("undo", () => {
  test("undo twice walks back two answers exactly", async () => {
    const student = await createUser();
    const states: unknown[] = [];
    const snapshot = async () =>
      db().cardState.findUnique({
        where: { userId_cardId: { userId: student.id, cardId: card(5) } },
        select: { due: true, stability: true, difficulty: true, state: true, reps: true, lapses: true, lastReview: true, learningSteps: true, scheduledDays: true, elapsedDays: true },
      });
    await answerCard(student, { cardId: card(5), rating: 3, idempotencyKey: key() }, T0);
    states.push(await snapshot());
    await answerCard(student, { cardId: card(5), rating: 3, idempotencyKey: key() }, minutes(10));
    states.push(await snapshot());
    await answerCard(student, { cardId: card(5), rating: 1, idempotencyKey: key() }, minutes(30));

    const first = await undoLastReview(student, { course: course.slug }, minutes(31));
    expect(first.undone.rating).toBe(1);
    expect(await snapshot()).toEqual(states[1]);
    const second = await undoLastReview(student, { course: course.slug }, minutes(32));
    expect(second.undone.rating).toBe(3);
    expect(await snapshot()).toEqual(states[0]);
    expect(await db().reviewLog.count({ where: { userId: student.id, undone: true } })).toBe(2);
    expect(await db().reviewLog.count({ where: { userId: student.id, undone: false } })).toBe(1);
    const report = await verifyAllReplays();
    expect(report.mismatches.filter((mismatch) => mismatch.userId === student.id)).toEqual([]);
  });

  test("nothing to undo is a conflict, and another student's answers are never touched", async () => {
    const alice = await createUser();
    const bob = await createUser();
    await answerCard(bob, { cardId: card(0), rating: 3, idempotencyKey: key() }, T0);
    await expect(undoLastReview(alice, { course: course.slug }, minutes(1))).rejects.toBeInstanceOf(ConflictError);
    expect(await db().reviewLog.count({ where: { userId: bob.id, undone: false } })).toBe(1);
  });
});

describe("offline sync", () => {
  test("a batch with out-of-order times is applied in time order, and a retry changes nothing", async () => {
    const student = await createUser();
    const reviews = [
      { cardId: card(6), rating: 3, idempotencyKey: key(), reviewedAt: minutes(20).toISOString() },
      { cardId: card(6), rating: 3, idempotencyKey: key(), reviewedAt: minutes(0).toISOString() },
      { cardId: card(6), rating: 1, idempotencyKey: key(), reviewedAt: minutes(5).toISOString() },
    ];
    const { results } = await syncReviews(student, { reviews }, minutes(60));
    expect(results.map((result) => result.status)).toEqual(["applied", "applied", "applied"]);
    const logs = await db().reviewLog.findMany({ where: { userId: student.id }, orderBy: { createdAt: "asc" } });
    expect(logs.map((log) => log.reviewedAt.toISOString())).toEqual([minutes(0), minutes(5), minutes(20)].map((d) => d.toISOString()));
    expect(logs.map((log) => log.rating)).toEqual([3, 1, 3]);

    const retry = await syncReviews(student, { reviews }, minutes(61));
    expect(retry.results.map((result) => result.status)).toEqual(["duplicate", "duplicate", "duplicate"]);
    expect(await db().reviewLog.count({ where: { userId: student.id } })).toBe(3);
  });

  test("an answer older than the card's latest review (from another device) is rejected, not applied", async () => {
    const student = await createUser();
    await answerCard(student, { cardId: card(7), rating: 3, idempotencyKey: key() }, minutes(10));
    const { results } = await syncReviews(
      student,
      { reviews: [{ cardId: card(7), rating: 1, idempotencyKey: key(), reviewedAt: minutes(5).toISOString() }] },
      minutes(20),
    );
    expect(results[0]).toMatchObject({ status: "rejected", error: { code: "conflict" } });
    expect(await db().reviewLog.count({ where: { userId: student.id } })).toBe(1);
  });

  test("a malformed batch writes nothing", async () => {
    const student = await createUser();
    const before = await tableCounts();
    const reviews = [
      { cardId: card(8), rating: 3, idempotencyKey: key(), reviewedAt: minutes(0).toISOString() },
      { cardId: card(8), rating: 9, idempotencyKey: key(), reviewedAt: minutes(1).toISOString() },
    ];
    const error = await syncReviews(student, { reviews }, minutes(5)).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toHaveProperty(["reviews.1.rating"]);
    expect(await tableCounts()).toEqual(before);
  });
});

describe("card actions", () => {
  test("suspend keeps the schedule; reset logs the old state and starts the card over", async () => {
    const student = await createUser();
    await answerCard(student, { cardId: card(9), rating: 4, idempotencyKey: key() }, T0);
    const suspended = await applyCardAction(student, { cardId: card(9), action: "suspend" }, minutes(1));
    expect(suspended).toMatchObject({ suspended: true, state: "review" });
    const reset = await applyCardAction(student, { cardId: card(9), action: "reset" }, minutes(2));
    expect(reset).toMatchObject({ state: "new", reps: 0, suspended: true });
    const logs = await db().reviewLog.findMany({ where: { userId: student.id }, orderBy: { createdAt: "asc" } });
    expect(logs.map((log) => [log.kind, log.rating, log.state])).toEqual([
      ["answer", 4, "new"],
      ["reset", 0, "review"],
    ]);
    const report = await verifyAllReplays();
    expect(report.mismatches.filter((mismatch) => mismatch.userId === student.id)).toEqual([]);
  });
});

describe("leeches", () => {
  test("the answer that brings lapses to the threshold suspends the card; undo takes the suspension back; replays hold", async () => {
    const student = await createUser();
    const cardId = course.cards[3]!.id;
    const DAY = 86_400_000;
    let at = Date.parse("2026-11-01T15:00:00Z");
    let state = (await answerCard(student, { cardId, rating: 4, idempotencyKey: key() }, new Date(at))).card;
    let leechAnswer: { at: number; lapses: number } | null = null;
    for (let cycle = 0; cycle < 8; cycle += 1) {
      at = Math.max(at + DAY, Date.parse(state.due));
      const lapse = await answerCard(student, { cardId, rating: 1, idempotencyKey: key() }, new Date(at));
      if (lapse.leech) leechAnswer = { at, lapses: lapse.card.lapses };
      expect(lapse.card.suspended).toBe(cycle === 7);
      state = lapse.card;
      if (cycle < 7) {
        at += 11 * 60_000;
        state = (await answerCard(student, { cardId, rating: 3, idempotencyKey: key() }, new Date(at))).card;
      }
    }
    expect(leechAnswer).toMatchObject({ lapses: 8 });
    const row = await db().cardState.findFirstOrThrow({ where: { userId: student.id, cardId } });
    expect(row).toMatchObject({ suspended: true, lapses: 8 });

    const undone = await undoLastReview(student, { course: course.slug }, new Date(at + 1000));
    expect(undone.card).toMatchObject({ suspended: false, lapses: 7 });
    // Answered again (and kept in study after): the mark comes back with the lapse.
    const again = await answerCard(student, { cardId, rating: 1, idempotencyKey: key() }, new Date(at + 2000));
    expect(again).toMatchObject({ leech: true, card: { suspended: true, lapses: 8 } });
    const kept = await applyCardAction(student, { cardId, action: "unsuspend" }, new Date(at + 3000));
    expect(kept).toMatchObject({ suspended: false, lapses: 8 });
    expect((await verifyAllReplays()).mismatches).toEqual([]);
  });

  test("the threshold is the student's course setting", async () => {
    const student = await createUser();
    await updateStudySettings(student, course.slug, { desiredRetention: 0.9, newPerDay: 20, reviewsPerDay: 200, timeZone: "UTC", dayStartHour: 4, leechThreshold: 1 });
    const cardId = course.cards[4]!.id;
    const learned = await answerCard(student, { cardId, rating: 4, idempotencyKey: key() }, new Date("2026-11-01T15:00:00Z"));
    const lapse = await answerCard(student, { cardId, rating: 1, idempotencyKey: key() }, new Date(Date.parse(learned.card.due) + 1000));
    expect(lapse).toMatchObject({ leech: true, card: { suspended: true, lapses: 1 } });
  });
});
