import { beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { answerCard } from "@/lib/review/answer";
import { applyCardAction } from "@/lib/review/card-actions";
import { getReviewQueue } from "@/lib/review/queue";
import { loadSchedulingContext } from "@/lib/review/scheduling-context";
import { getStudySettings, updateStudySettings } from "@/lib/review/settings";
import { unstudiedSnapshot } from "@/lib/review/state";
import { DEFAULT_PARAMS, previewOutcomes } from "@/lib/srs";
import { default_w } from "ts-fsrs";
import { getCourseStats } from "@/lib/review/stats";
import { verifyAllReplays } from "@/lib/review/verify";
import { createCourse, createUser, key, type FixtureCourse } from "@/tests/support/fixtures";

// 15:00 UTC is 10:00 in New York: mid-morning of the student's local day.
const T0 = new Date("2026-11-02T15:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
let course: FixtureCourse;

beforeAll(async () => {
  course = await createCourse({ lessons: 3, cardsPerLesson: 10 });
});

describe("the day's queue", () => {
  test("a new student gets new cards in course order up to the daily limit, each with four previews", async () => {
    const student = await createUser();
    await updateStudySettings(student, course.slug, { desiredRetention: 0.9, newPerDay: 7, reviewsPerDay: 100, timeZone: "America/New_York", dayStartHour: 4 });
    const queue = await getReviewQueue(student, { course: course.slug, limit: "50" }, T0);
    expect(queue.counts).toEqual({ new: 7, learning: 0, review: 0 });
    expect(queue.cards.map((card) => card.id)).toEqual(course.cards.slice(0, 7).map((card) => card.id));
    const first = queue.cards[0]!;
    expect(first).toMatchObject({ queue: "new", state: "new", version: 0, kind: "basic" });
    expect(Object.keys(first.previews)).toEqual(["again", "hard", "good", "easy"]);
    expect(first.previews.again.label).toBe("1m");
    expect(first.previews.easy.label).toMatch(/d$/);
  });

  test("new cards introduced today count against the limit; due learning cards come first", async () => {
    const student = await createUser();
    await updateStudySettings(student, course.slug, { desiredRetention: 0.9, newPerDay: 3, reviewsPerDay: 100, timeZone: "America/New_York", dayStartHour: 4 });
    await answerCard(student, { cardId: course.cards[0]!.id, rating: 1, idempotencyKey: key() }, T0);
    const soon = await getReviewQueue(student, { course: course.slug }, at(0.5));
    expect(soon.counts).toEqual({ new: 2, learning: 0, review: 0 });
    const later = await getReviewQueue(student, { course: course.slug }, at(2));
    expect(later.counts).toEqual({ new: 2, learning: 1, review: 0 });
    expect(later.cards[0]).toMatchObject({ id: course.cards[0]!.id, queue: "learning", state: "learning", version: 1 });
  });

  test("the counts do not depend on how many cards are asked for (the dashboard asks for one)", async () => {
    const student = await createUser();
    await updateStudySettings(student, course.slug, { desiredRetention: 0.9, newPerDay: 5, reviewsPerDay: 100, timeZone: "America/New_York", dayStartHour: 4 });
    for (const [index, card] of course.cards.slice(0, 3).entries()) {
      await answerCard(student, { cardId: card.id, rating: 1, idempotencyKey: key() }, at(index * 0.1));
    }
    const dashboard = await getReviewQueue(student, { course: course.slug, limit: "1" }, at(5));
    const page = await getReviewQueue(student, { course: course.slug, limit: "200" }, at(5));
    expect(page.counts).toEqual({ new: 2, learning: 3, review: 0 });
    expect(dashboard.counts).toEqual(page.counts);
    expect(dashboard.cards).toHaveLength(1);
  });

  test("siblings: one new card per note a day, none once a sibling was answered today", async () => {
    // Lesson 1's cards 1-3 are one cloze note; 4-5 another.
    const notes = await createCourse({ lessons: 1, cardsPerLesson: 6, noteOf: (_lesson, card) => (card < 3 ? "cloze-a" : card < 5 ? "cloze-b" : `basic-${card}`) });
    const student = await createUser();
    await updateStudySettings(student, notes.slug, { desiredRetention: 0.9, newPerDay: 20, reviewsPerDay: 100, timeZone: "America/New_York", dayStartHour: 4 });
    const first = await getReviewQueue(student, { course: notes.slug }, T0);
    expect(first.cards.map((card) => card.id)).toEqual([notes.cards[0]!.id, notes.cards[3]!.id, notes.cards[5]!.id]);
    expect(first.cards.map((card) => card.noteKey)).toEqual(["cloze-a", "cloze-b", "basic-5"]);
    // Cloze a's first card answered Easy: its siblings wait for tomorrow; they do not use today's limit either.
    await answerCard(student, { cardId: notes.cards[0]!.id, rating: 4, idempotencyKey: key() }, at(1));
    const after = await getReviewQueue(student, { course: notes.slug }, at(2));
    expect(after.cards.map((card) => card.id)).toEqual([notes.cards[3]!.id, notes.cards[5]!.id]);
    expect(after.counts).toEqual({ new: 2, learning: 0, review: 0 });
    // Tomorrow (New York, after 04:00): the next sibling is back.
    const tomorrow = await getReviewQueue(student, { course: notes.slug }, new Date("2026-11-03T10:00:00Z"));
    expect(tomorrow.cards.map((card) => card.id)).toContain(notes.cards[1]!.id);
    expect(tomorrow.cards.map((card) => card.id)).not.toContain(notes.cards[2]!.id);
  });

  test("suspended cards never appear; review cards come due at the start of their local day", async () => {
    const student = await createUser();
    await updateStudySettings(student, course.slug, { desiredRetention: 0.9, newPerDay: 20, reviewsPerDay: 100, timeZone: "America/New_York", dayStartHour: 4 });
    await applyCardAction(student, { cardId: course.cards[1]!.id, action: "suspend" }, T0);
    await answerCard(student, { cardId: course.cards[2]!.id, rating: 4, idempotencyKey: key() }, T0);
    const queue = await getReviewQueue(student, { course: course.slug }, at(1));
    expect(queue.cards.map((card) => card.id)).not.toContain(course.cards[1]!.id);
    expect(queue.cards.map((card) => card.id)).not.toContain(course.cards[2]!.id);
    const state = await db().cardState.findFirstOrThrow({ where: { userId: student.id, cardId: course.cards[2]!.id } });
    expect(state.state).toBe("review");
    // Due at 04:00 New York time (09:00 UTC in November), some days later.
    expect(state.due.getUTCHours()).toBe(9);
    expect(state.due.getUTCMinutes()).toBe(0);
    const dueDay = await getReviewQueue(student, { course: course.slug }, new Date(state.due.getTime() + 60_000));
    expect(dueDay.cards.find((card) => card.id === course.cards[2]!.id)?.queue).toBe("review");
  });

  test("lessons assigned to the student come first among new cards", async () => {
    const student = await createUser();
    const teacher = await createUser("instructor");
    const klass = await db().class.create({
      data: { name: "CJ 101", term: "Fall", courseId: course.id, joinCode: key(), createdById: teacher.id },
    });
    await db().enrollment.create({ data: { classId: klass.id, userId: student.id } });
    const lastLesson = course.lessons[2]!;
    await db().assignment.create({
      data: {
        classId: klass.id,
        title: "Lesson 3",
        opensAt: at(-60),
        dueAt: at(60 * 24 * 3),
        lessons: { create: [{ lessonId: lastLesson.id }] },
      },
    });
    const queue = await getReviewQueue(student, { course: course.slug, limit: 12 }, T0);
    expect(queue.cards.slice(0, 10).every((card) => card.lessonId === lastLesson.id)).toBe(true);
    expect(queue.cards[10]!.id).toBe(course.cards[0]!.id);
  });

  test("once today's new limit is used up no new card is queued, reset ones included; the next day they come back in course order", async () => {
    const small = await createCourse({ lessons: 2, cardsPerLesson: 5 });
    const student = await createUser();
    await updateStudySettings(student, small.slug, { desiredRetention: 0.9, newPerDay: 3, reviewsPerDay: 100, timeZone: "America/New_York", dayStartHour: 4 });
    for (const card of small.cards.slice(0, 3)) await answerCard(student, { cardId: card.id, rating: 4, idempotencyKey: key() }, T0);
    // A reset card is new again, but its first answer today still counts against the limit.
    await applyCardAction(student, { cardId: small.cards[0]!.id, action: "reset", idempotencyKey: key() }, at(1));
    const usedUp = await getReviewQueue(student, { course: small.slug }, at(2));
    expect(usedUp.counts.new).toBe(0);
    expect(usedUp.cards.filter((card) => card.queue === "new")).toEqual([]);

    const tomorrow = await getReviewQueue(student, { course: small.slug }, new Date(T0.getTime() + 24 * 3_600_000));
    const fresh = tomorrow.cards.filter((card) => card.queue === "new");
    expect(fresh.map((card) => card.id)).toEqual([small.cards[0]!.id, small.cards[3]!.id, small.cards[4]!.id]);
    const reset = await db().cardState.findFirstOrThrow({ where: { userId: student.id, cardId: small.cards[0]!.id } });
    expect(fresh[0]).toMatchObject({ state: "new", version: reset.version });
    expect(fresh[1]).toMatchObject({ state: "new", version: 0 });
    expect(tomorrow.counts.new).toBe(3);
  });

  test("assigned lessons come first among never-studied and reset cards; suspended, studied and archived ones are left out", async () => {
    const small = await createCourse({ lessons: 3, cardsPerLesson: 4 });
    const student = await createUser();
    const teacher = await createUser("instructor");
    await updateStudySettings(student, small.slug, { desiredRetention: 0.9, newPerDay: 6, reviewsPerDay: 100, timeZone: "America/New_York", dayStartHour: 4 });
    const klass = await db().class.create({ data: { name: "CJ 102", term: "Fall", courseId: small.id, joinCode: key(), createdById: teacher.id } });
    await db().enrollment.create({ data: { classId: klass.id, userId: student.id } });
    const assigned = small.lessons[2]!;
    await db().assignment.create({
      data: { classId: klass.id, title: "Lesson 3", opensAt: at(-60), dueAt: at(60 * 24 * 5), lessons: { create: [{ lessonId: assigned.id }] } },
    });
    // Lesson 3: one card reset to new, one suspended before it was ever studied, one in learning, one archived.
    const [reset, suspended, learning, archived] = small.cards.slice(8, 12).map((card) => card.id);
    await answerCard(student, { cardId: reset!, rating: 4, idempotencyKey: key() }, T0);
    await applyCardAction(student, { cardId: reset!, action: "reset", idempotencyKey: key() }, at(1));
    await applyCardAction(student, { cardId: suspended!, action: "suspend" }, at(1));
    await answerCard(student, { cardId: learning!, rating: 3, idempotencyKey: key() }, at(1));
    await db().card.update({ where: { id: archived! }, data: { archived: true } });

    const nextDay = new Date(T0.getTime() + 24 * 3_600_000);
    const queue = await getReviewQueue(student, { course: small.slug, limit: 50 }, nextDay);
    const fresh = queue.cards.filter((card) => card.queue === "new").map((card) => card.id);
    expect(fresh).toEqual([reset, ...small.cards.slice(0, 5).map((card) => card.id)]);
    expect(queue.counts.new).toBe(6);
    expect(queue.cards.map((card) => card.id)).not.toContain(suspended);
    expect(queue.cards.map((card) => card.id)).not.toContain(archived);
    expect(queue.cards.find((card) => card.id === learning)?.queue).toBe("learning");
    // A limit smaller than the queue cuts it in the same order.
    const short = await getReviewQueue(student, { course: small.slug, limit: 2 }, nextDay);
    expect(short.cards.map((card) => card.id)).toEqual([learning, reset]);
    expect(short.counts).toEqual(queue.counts);
  });

  test("previews follow the student's stored scheduler weights", async () => {
    const student = await createUser();
    await updateStudySettings(student, course.slug, { desiredRetention: 0.9, newPerDay: 5, reviewsPerDay: 100, timeZone: "Asia/Kolkata", dayStartHour: 2 });
    const weights = [...default_w];
    weights[2] = 9; // initial stability after Good: 9 days instead of about 2
    weights[3] = 30;
    await db().courseSettings.updateMany({ where: { userId: student.id, courseId: course.id }, data: { weights } });
    const context = await loadSchedulingContext(db(), student.id, course.id);
    expect(context.params.weights).toEqual(weights);
    const queue = await getReviewQueue(student, { course: course.slug }, T0);
    const expected = previewOutcomes(unstudiedSnapshot(T0), T0, context.params, context.dayRule);
    const defaults = previewOutcomes(unstudiedSnapshot(T0), T0, DEFAULT_PARAMS, context.dayRule);
    expect(expected.easy.label).not.toBe(defaults.easy.label);
    for (const card of queue.cards) {
      for (const name of ["again", "hard", "good", "easy"] as const) {
        expect(card.previews[name]).toEqual({ due: expected[name].due.toISOString(), label: expected[name].label });
      }
    }
  });

  test("an unknown course is a 404", async () => {
    const student = await createUser();
    await expect(getReviewQueue(student, { course: "no-such-course" }, T0)).rejects.toBeInstanceOf(NotFoundError);
  });

  test("bad queries are rejected with the field named", async () => {
    const student = await createUser();
    for (const query of [{}, { course: "Not A Slug" }, { course: course.slug, limit: "0" }, { course: course.slug, limit: "abc" }, { course: course.slug, extra: "1" }]) {
      await expect(getReviewQueue(student, query, T0)).rejects.toBeInstanceOf(ValidationError);
    }
  });
});

describe("settings and statistics", () => {
  test("defaults, validation naming the field, and a time-zone change keeps states equal to their replay", async () => {
    const student = await createUser();
    expect(await getStudySettings(student, course.slug)).toEqual({
      desiredRetention: 0.9,
      newPerDay: 20,
      reviewsPerDay: 200,
      timeZone: "UTC",
      dayStartHour: 4,
      leechThreshold: 8,
      timeZoneDetected: false,
    });
    const error = await updateStudySettings(student, course.slug, { desiredRetention: 0.5, newPerDay: 20, reviewsPerDay: 200, timeZone: "Mars/Base", dayStartHour: 4 }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fields).sort()).toEqual(["desiredRetention", "timeZone"]);

    for (const [index, card] of course.cards.slice(0, 5).entries()) {
      await answerCard(student, { cardId: card.id, rating: 3, idempotencyKey: key() }, at(index));
      await answerCard(student, { cardId: card.id, rating: 3, idempotencyKey: key() }, at(index + 15));
    }
    await updateStudySettings(student, course.slug, { desiredRetention: 0.85, newPerDay: 10, reviewsPerDay: 100, timeZone: "Asia/Kolkata", dayStartHour: 0 });
    const report = await verifyAllReplays();
    expect(report.mismatches.filter((mismatch) => mismatch.userId === student.id)).toEqual([]);
  });

  test("statistics count states, forecast, retention and the streak", async () => {
    const student = await createUser();
    await answerCard(student, { cardId: course.cards[0]!.id, rating: 4, idempotencyKey: key() }, T0);
    await answerCard(student, { cardId: course.cards[1]!.id, rating: 1, idempotencyKey: key() }, T0);
    const stats = await getCourseStats(student, course.slug, at(5));
    expect(stats.counts).toMatchObject({ total: 30, review: 1, learning: 1, new: 28 });
    expect(stats.forecast).toHaveLength(30);
    expect(stats.activity).toHaveLength(30);
    expect(stats.activity.at(-1)).toMatchObject({ answers: 2 });
    expect(stats.streakDays).toBe(1);
    expect(stats.meanRetrievability.cards).toBe(2);
  });
});
