/**
 * Assignment progress and the class dashboard, computed from real reviews (answerCard, undo, reset)
 * on this file's own database.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { createAssignment } from "@/lib/classes/assignments";
import { createClass, joinClass, leaveClass, removeStudent } from "@/lib/classes/classes";
import { getClassDashboard, getClassStudent } from "@/lib/classes/dashboard";
import { NotFoundError } from "@/lib/errors";
import { listStudentAssignments } from "@/lib/classes/student";
import { answerCard } from "@/lib/review/answer";
import { applyCardAction } from "@/lib/review/card-actions";
import { updateStudySettings } from "@/lib/review/settings";
import { undoLastReview } from "@/lib/review/undo";
import { DEFAULT_PARAMS, meanRetrievability } from "@/lib/srs";
import { createCourse, createUser, key, type FixtureCourse } from "@/tests/support/fixtures";

const T0 = new Date("2026-10-05T14:00:00Z"); // 10:00 in New York (EDT)
const at = (iso: string) => new Date(iso);
const LATER = at("2026-10-10T12:00:00Z");

type Student = Awaited<ReturnType<typeof createUser>>;
let course: FixtureCourse;
let instructor: Student;
let classId: string;
let joinCode: string;
let learnA: string;
let recallB: string;
const s: Record<string, Student> = {};

const card = (index: number) => course.cards[index]!.id;

async function answer(student: Student, index: number, rating: 1 | 2 | 3 | 4, when: Date) {
  return (await answerCard(student, { cardId: card(index), rating, idempotencyKey: key() }, when)).card;
}

beforeAll(async () => {
  course = await createCourse({ lessons: 2, cardsPerLesson: 3 });
  instructor = await createUser("instructor", "Ines Instructor");
  const cls = await createClass(instructor, { name: "Bio 101", term: "Fall 2026", courseSlug: course.slug, timeZone: "America/New_York" });
  classId = cls.id;
  joinCode = cls.joinCodeDisplay;
  learnA = (
    await createAssignment(
      instructor,
      classId,
      { title: "Lesson 1", lessonKeys: ["lesson-1"], opensAt: "2026-10-05T00:00", dueAt: "2026-10-06T23:59" },
      T0,
    )
  ).id;
  recallB = (
    await createAssignment(
      instructor,
      classId,
      { title: "Lesson 2 recall", lessonKeys: ["lesson-2"], opensAt: "2026-10-05T00:00", dueAt: "2026-10-08T23:59", goal: "recall" },
      T0,
    )
  ).id;
  for (const name of ["s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"]) {
    s[name] = await createUser("student", `Student ${name}`);
    await joinClass(s[name]!, { code: joinCode.toLowerCase() }, "10.0.0.1", at("2026-10-04T12:00:00Z"));
  }

  // s1: learns lesson 1 on time with Easy; learns lesson 2, lapses one card before the due time and
  // passes it again only after it (recall goal: late).
  for (const index of [0, 1, 2]) await answer(s.s1!, index, 4, T0);
  for (const index of [3, 4, 5]) await answer(s.s1!, index, 4, at("2026-10-05T15:00:00Z"));
  expect((await answer(s.s1!, 3, 1, at("2026-10-08T12:00:00Z"))).state).toBe("relearning");
  expect((await answer(s.s1!, 3, 3, at("2026-10-09T12:00:00Z"))).state).toBe("review");

  // s2: card 0 through the learning steps on time, cards 1 and 2 after the due time (late).
  expect((await answer(s.s2!, 0, 3, T0)).state).toBe("learning");
  expect((await answer(s.s2!, 0, 3, at("2026-10-05T14:10:00Z"))).state).toBe("review");
  for (const index of [1, 2]) await answer(s.s2!, index, 4, at("2026-10-07T12:00:00Z"));

  // s3: two of three cards of lesson 1, one of them only into learning.
  await answer(s.s3!, 0, 4, T0);
  await answer(s.s3!, 1, 4, T0);
  await answer(s.s3!, 2, 3, T0);

  // s4 completes lesson 1 and is then removed; s5 completes it and leaves.
  for (const index of [0, 1, 2]) await answer(s.s4!, index, 4, T0);
  for (const index of [0, 1, 2]) await answer(s.s5!, index, 4, T0);
  await removeStudent(instructor, classId, s.s4!.id, at("2026-10-06T00:00:00Z"));
  await leaveClass(s.s5!, classId, at("2026-10-06T00:00:00Z"));

  // s6: an answer that was undone does not count.
  await answer(s.s6!, 0, 4, T0);
  await undoLastReview(s.s6!, { course: course.slug }, T0);
  await answer(s.s6!, 1, 4, T0);
  await answer(s.s6!, 2, 4, T0);

  // s7: learns lesson 1 on time, resets card 0 later and relearns it: it was learned on time.
  for (const index of [0, 1, 2]) await answer(s.s7!, index, 4, T0);
  await applyCardAction(s.s7!, { cardId: card(0), action: "reset" }, at("2026-10-08T12:00:00Z"));
  await answer(s.s7!, 0, 3, at("2026-10-09T12:00:00Z"));

  // s8: learns lesson 2, then answers Again on one card and stops there.
  for (const index of [3, 4, 5]) await answer(s.s8!, index, 4, at("2026-10-05T15:00:00Z"));
  await answer(s.s8!, 4, 1, at("2026-10-08T12:00:00Z"));
});

describe("assignment progress from real reviews", () => {
  test("learn goal: complete on time, complete late, partial, undone answers", async () => {
    const dashboard = await getClassDashboard(instructor, classId, LATER);
    const cell = (name: string) => dashboard.students.find((student) => student.id === s[name]!.id)?.progress[learnA];
    expect(cell("s1")).toMatchObject({ done: 3, total: 3, percent: 100, complete: true, late: false, completedAt: T0.toISOString() });
    expect(cell("s2")).toMatchObject({ percent: 100, complete: true, late: true, completedAt: "2026-10-07T12:00:00.000Z" });
    expect(cell("s3")).toMatchObject({ done: 2, total: 3, percent: 66, complete: false, late: false, completedAt: null });
    expect(cell("s6")).toMatchObject({ done: 2, total: 3, complete: false });
    expect(cell("s7")).toMatchObject({ done: 3, complete: true, late: false, completedAt: T0.toISOString() });
  });

  test("recall goal: an Again before the due time undoes completion until the next pass, which is late", async () => {
    const after = await getClassDashboard(instructor, classId, LATER);
    // Learned all three, but the latest answer to one is Again: not complete (a learn goal would be).
    expect(after.students.find((student) => student.id === s.s8!.id)?.progress[recallB]).toMatchObject({ done: 2, total: 3, complete: false });
    expect(after.students.find((student) => student.id === s.s8!.id)?.cardsLearned).toBe(3);
    // Passed again after the due time: complete, late, at the time of that answer.
    expect(after.students.find((student) => student.id === s.s1!.id)?.progress[recallB]).toMatchObject({
      done: 3,
      complete: true,
      late: true,
      completedAt: "2026-10-09T12:00:00.000Z",
    });
    // A student who never got to lesson 2 has 0 of 3.
    expect(after.students.find((student) => student.id === s.s3!.id)?.progress[recallB]).toMatchObject({ done: 0, total: 3, percent: 0 });
  });

  test("removed students and students who left are hidden; their reviews are kept", async () => {
    const dashboard = await getClassDashboard(instructor, classId, LATER);
    const ids = dashboard.students.map((student) => student.id).sort();
    expect(ids).toEqual([s.s1!.id, s.s2!.id, s.s3!.id, s.s6!.id, s.s7!.id, s.s8!.id].sort());
    expect(await db().reviewLog.count({ where: { userId: s.s4!.id } })).toBe(3);
    expect(await db().reviewLog.count({ where: { userId: s.s5!.id } })).toBe(3);
    expect(await listStudentAssignments(s.s5!, LATER)).toEqual([]);
  });

  test("assignment summary and completion timeline by class-local day", async () => {
    const dashboard = await getClassDashboard(instructor, classId, LATER);
    const a = dashboard.assignments.find((assignment) => assignment.id === learnA)!;
    expect(a).toMatchObject({ completed: 3, completedLate: 1, cardCount: 3, goal: "learn", dueAt: "2026-10-07T03:59:00.000Z" });
    expect(a.timeline.map((point) => [point.date, point.completed])).toEqual([
      ["2026-10-05", 2],
      ["2026-10-06", 2],
      ["2026-10-07", 3],
      ["2026-10-08", 3],
      ["2026-10-09", 3],
      ["2026-10-10", 3],
    ]);
    expect(a.timeline.at(-1)!.share).toBeCloseTo(3 / 6);
  });

  test("per-student figures: cards learned, reviews in 7 days, overdue, retention, last activity", async () => {
    const now = at("2026-10-20T12:00:00Z");
    const dashboard = await getClassDashboard(instructor, classId, now);
    const s1 = dashboard.students.find((student) => student.id === s.s1!.id)!;
    expect(s1.cardsLearned).toBe(6);
    expect(s1.lastActiveAt).toBe("2026-10-09T12:00:00.000Z");
    expect(s1.reviews7d).toBe(0);
    const recent = await getClassDashboard(instructor, classId, LATER);
    expect(recent.students.find((student) => student.id === s.s1!.id)!.reviews7d).toBe(8);

    const states = await db().cardState.findMany({ where: { userId: s.s1!.id } });
    const overdue = states.filter((state) => (state.state === "review" || state.state === "relearning") && state.due < now).length;
    expect(s1.overdue).toBe(overdue);
    expect(overdue).toBeGreaterThan(0);
    const expected = meanRetrievability(states, now, DEFAULT_PARAMS, { timeZone: "UTC", dayStartHour: 4 });
    expect(s1.retention).not.toBeNull();
    expect(s1.retention!).toBeCloseTo(expected.mean!, 4);

    const s3 = dashboard.students.find((student) => student.id === s.s3!.id)!;
    expect(s3.cardsLearned).toBe(2);
    expect(s3.completion).toBe(Math.round((66 + 0) / 2));
  });

  test("per-card figures: Again share, lapses, difficulty", async () => {
    const dashboard = await getClassDashboard(instructor, classId, LATER);
    const lapsed = dashboard.cards.find((entry) => entry.id === card(3))!;
    // s1: Easy, Again (a lapse), Good; s8: Easy.
    expect(lapsed).toMatchObject({ answers: 4, agains: 1, lapses: 1, studied: 2 });
    expect(lapsed.againShare).toBeCloseTo(1 / 4);
    expect(lapsed.meanDifficulty).toBeGreaterThan(0);
    expect(dashboard.cards.find((entry) => entry.id === card(5))!.againShare).toBe(0);
    const neverSeen = await db().card.create({
      data: { courseId: course.id, lessonId: course.lessons[0]!.id, key: "extra", noteKey: "extra", kind: "basic", prompt: "P", answer: "A", sourceAnchor: "p1", sourceQuote: "q", contentHash: "x", position: 99 },
    });
    try {
      const withNew = await getClassDashboard(instructor, classId, LATER);
      expect(withNew.cards.find((entry) => entry.id === neverSeen.id)).toMatchObject({ answers: 0, againShare: null, meanDifficulty: null, studied: 0 });
    } finally {
      await db().card.delete({ where: { id: neverSeen.id } });
    }
  });

  test("the student's own list: class, title, lessons, due date, progress, late flag", async () => {
    const list = await listStudentAssignments(s.s2!, LATER);
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({
      className: "Bio 101",
      title: "Lesson 1",
      courseSlug: course.slug,
      lessonKeys: ["lesson-1"],
      dueAt: "2026-10-07T03:59:00.000Z",
      goal: "learn",
      progress: { done: 3, total: 3, percent: 100 },
      late: true,
      status: "complete",
    });
    expect(list[1]).toMatchObject({ title: "Lesson 2 recall", progress: { done: 0, total: 3, percent: 0 }, late: false, status: "overdue" });
  });

  test("archived cards leave the totals; an archived assignment leaves the lists", async () => {
    await db().card.update({ where: { id: card(2) }, data: { archived: true } });
    try {
      const dashboard = await getClassDashboard(instructor, classId, LATER);
      expect(dashboard.students.find((student) => student.id === s.s3!.id)?.progress[learnA]).toMatchObject({ done: 2, total: 2, complete: true });
    } finally {
      await db().card.update({ where: { id: card(2) }, data: { archived: false } });
    }
    await db().assignment.update({ where: { id: recallB }, data: { archivedAt: LATER } });
    try {
      expect((await listStudentAssignments(s.s1!, LATER)).map((entry) => entry.title)).toEqual(["Lesson 1"]);
      expect((await getClassDashboard(instructor, classId, LATER)).assignments.map((entry) => entry.id)).toEqual([learnA]);
    } finally {
      await db().assignment.update({ where: { id: recallB }, data: { archivedAt: null } });
    }
  });

  test("the summary kept by the ReviewLog trigger equals a recomputation from the logs", async () => {
    type Row = { userId: string; cardId: string; answers: number; agains: number; resets: number; learnedAt: Date | null; lastAnswerAt: Date | null; lastAgainAt: Date | null; recallSince: Date | null };
    const kept = await db().$queryRaw<Row[]>`
      SELECT "userId", "cardId", "answers", "agains", "resets", "learnedAt", "lastAnswerAt", "lastAgainAt", "recallSince"
      FROM "CardReviewSummary" ORDER BY "userId", "cardId"`;
    const recomputed = await db().$queryRaw<Row[]>`
      SELECT f."userId", f."cardId", f.answers, f.agains, f.resets, f."learnedAt", f."lastAnswerAt", f."lastAgainAt",
             (SELECT min(r."reviewedAt") FROM "ReviewLog" r
              WHERE r."userId" = f."userId" AND r."cardId" = f."cardId" AND NOT r."undone" AND r."kind" = 'answer'
                AND r."reviewedAt" > f."lastAgainAt") AS "recallSince"
      FROM (
        SELECT l."userId", l."cardId",
               count(*) FILTER (WHERE l."kind" = 'answer')::int AS answers,
               count(*) FILTER (WHERE l."kind" = 'answer' AND l."rating" = 1)::int AS agains,
               count(*) FILTER (WHERE l."kind" = 'reset')::int AS resets,
               min(l."reviewedAt") FILTER (WHERE l."kind" = 'answer' AND (l."stateAfter" ->> 'state') IN ('review', 'relearning')) AS "learnedAt",
               max(l."reviewedAt") FILTER (WHERE l."kind" = 'answer') AS "lastAnswerAt",
               max(l."reviewedAt") FILTER (WHERE l."kind" = 'answer' AND l."rating" = 1) AS "lastAgainAt"
        FROM "ReviewLog" l WHERE NOT l."undone" GROUP BY l."userId", l."cardId"
      ) f ORDER BY f."userId", f."cardId"`;
    expect(kept.length).toBeGreaterThan(20);
    expect(kept).toEqual(recomputed);
    // The undone answer left no row behind; s7's reset card keeps its first learning time.
    expect(kept.some((row) => row.userId === s.s6!.id && row.cardId === card(0))).toBe(false);
    expect(kept.find((row) => row.userId === s.s7!.id && row.cardId === card(0))).toMatchObject({ resets: 1, learnedAt: T0 });

    // Deleting an account takes its summaries with it.
    const leaver = await createUser("student");
    await answer(leaver, 0, 4, T0);
    expect(await db().cardReviewSummary.count({ where: { userId: leaver.id } })).toBe(1);
    await db().user.delete({ where: { id: leaver.id } });
    expect(await db().cardReviewSummary.count({ where: { userId: leaver.id } })).toBe(0);
  });
});

describe("one student's page", () => {
  test("their assignments with progress, their missed cards first, activity and retention", async () => {
    const page = await getClassStudent(instructor, classId, s.s8!.id, LATER);
    expect(page.student).toMatchObject({ id: s.s8!.id, name: "Student s8", cardsLearned: 3 });
    expect(page.student.lastActiveAt).toBe("2026-10-08T12:00:00.000Z");
    expect(page.student.retention).toBeGreaterThan(0);
    expect(page.assignments.map((assignment) => [assignment.id, assignment.progress?.done, assignment.cardCount])).toEqual([
      [learnA, 0, 3],
      [recallB, 2, 3],
    ]);
    // Only the card they answered Again on; its figures are theirs alone (s1 also missed card 3, not counted here).
    expect(page.weakCards).toEqual([{ id: card(4), prompt: expect.any(String), lessonTitle: expect.any(String), answers: 2, agains: 1, lapses: 1 }]);
  });

  test("students who left, were removed or never joined are not found", async () => {
    for (const id of [s.s4!.id, s.s5!.id, instructor.id, "no-such-id", "../x"]) {
      await expect(getClassStudent(instructor, classId, id, LATER)).rejects.toBeInstanceOf(NotFoundError);
    }
  });

  test("another instructor cannot open it", async () => {
    const stranger = await createUser("instructor", "Other Instructor");
    await expect(getClassStudent(stranger, classId, s.s1!.id, LATER)).rejects.toThrow();
  });
});

describe("suspended cards are set aside", () => {
  test("a suspended card leaves the student's total and never blocks completion; all set aside is not complete", async () => {
    const student = await createUser("student", "Student set-aside");
    await joinClass(student, { code: joinCode }, "10.0.0.2", at("2026-10-04T12:00:00Z"));
    for (const index of [0, 1]) await answer(student, index, 4, T0);
    const before = await getClassDashboard(instructor, classId, LATER);
    expect(before.students.find((entry) => entry.id === student.id)?.progress[learnA]).toMatchObject({ done: 2, total: 3, setAside: 0, complete: false });

    await applyCardAction(student, { cardId: card(2), action: "suspend" }, at("2026-10-05T15:00:00Z"));
    const after = await getClassDashboard(instructor, classId, LATER);
    expect(after.students.find((entry) => entry.id === student.id)?.progress[learnA]).toMatchObject({
      done: 2,
      total: 2,
      setAside: 1,
      percent: 100,
      complete: true,
      late: false,
      completedAt: T0.toISOString(),
    });
    const [own] = (await listStudentAssignments(student, LATER)).filter((entry) => entry.assignmentId === learnA);
    expect(own).toMatchObject({ progress: { done: 2, total: 2, setAside: 1, percent: 100 }, complete: true });

    // Every card of lesson 2 suspended: nothing counts, and nothing is complete.
    for (const index of [3, 4, 5]) await applyCardAction(student, { cardId: card(index), action: "suspend" }, at("2026-10-05T15:00:00Z"));
    const none = await getClassDashboard(instructor, classId, LATER);
    expect(none.students.find((entry) => entry.id === student.id)?.progress[recallB]).toMatchObject({ done: 0, total: 0, setAside: 3, complete: false });

    // Unsuspended: back in the total.
    await applyCardAction(student, { cardId: card(2), action: "unsuspend" }, at("2026-10-05T16:00:00Z"));
    const back = await getClassDashboard(instructor, classId, LATER);
    expect(back.students.find((entry) => entry.id === student.id)?.progress[learnA]).toMatchObject({ done: 2, total: 3, setAside: 0, complete: false });
  });
});

describe("leeches in the card table", () => {
  test("a card counts each student for whom it is a leech, at that student's threshold", async () => {
    const before = (await getClassDashboard(instructor, classId, LATER)).cards.find((entry) => entry.id === card(3))!;
    // s1 lapsed card 3 once: with the default threshold (8) that is no leech.
    expect(before).toMatchObject({ lapses: 1, leeches: 0 });
    await updateStudySettings(s.s1!, course.slug, { desiredRetention: 0.9, newPerDay: 20, reviewsPerDay: 200, timeZone: "America/New_York", dayStartHour: 4, leechThreshold: 1 });
    const after = (await getClassDashboard(instructor, classId, LATER)).cards.find((entry) => entry.id === card(3))!;
    expect(after).toMatchObject({ lapses: 1, leeches: 1 });
  });
});
