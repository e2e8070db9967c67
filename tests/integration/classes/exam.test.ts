/**
 * Exam-day forecast on real Postgres: the class's exam date, the instructor's per-student and
 * per-lesson figures, the student's own figure and the "before the exam" extra study, with who may
 * see what.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { createClass, joinClass, removeStudent, updateClass } from "@/lib/classes/classes";
import { getClassExamForecast } from "@/lib/classes/exam";
import { answerCard } from "@/lib/review/answer";
import { getMyExamForecast } from "@/lib/review/exam";
import { getExtraQueue } from "@/lib/review/queue";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { db } from "@/lib/db/client";
import { DEFAULT_PARAMS, effectiveWeights, examMoment, RetrievabilityEstimator } from "@/lib/srs";
import { createCourse, createUser, key, type FixtureCourse } from "@/tests/support/fixtures";

const T0 = new Date("2026-10-05T14:00:00Z");
const NOW = new Date("2026-10-06T15:00:00Z");
type User = Awaited<ReturnType<typeof createUser>>;
let course: FixtureCourse;
let owner: User;
let stranger: User;
let admin: User;
let strong: User;
let weak: User;
let idle: User;
let gone: User;
let classId: string;

async function answer(student: User, index: number, rating: 1 | 2 | 3 | 4, when: Date) {
  await answerCard(student, { cardId: course.cards[index]!.id, rating, idempotencyKey: key() }, when);
}

beforeAll(async () => {
  course = await createCourse({ lessons: 2, cardsPerLesson: 2 });
  owner = await createUser("instructor", "Olga Owner");
  stranger = await createUser("instructor", "Sam Stranger");
  admin = await createUser("admin", "Ada Admin");
  const cls = await createClass(owner, { name: "CJ 210", term: "Fall 2026", courseSlug: course.slug, timeZone: "America/Chicago" });
  classId = cls.id;
  strong = await createUser("student", "Stella Strong");
  weak = await createUser("student", "Walt Weak");
  idle = await createUser("student", "Ida Idle");
  gone = await createUser("student", "Gus Gone");
  for (const student of [strong, weak, idle, gone]) await joinClass(student, { code: cls.joinCodeDisplay }, "10.0.0.9", T0);
  // strong: Easy on every card (long stabilities); weak: Good once on lesson 1's cards only (short ones).
  for (const index of [0, 1, 2, 3]) await answer(strong, index, 4, T0);
  for (const index of [0, 1]) await answer(weak, index, 3, T0);
  for (const index of [0, 1]) await answer(weak, index, 3, new Date(T0.getTime() + 15 * 60_000));
  await answer(gone, 0, 4, T0);
  await removeStudent(owner, classId, gone.id, T0);
});

describe("exam date", () => {
  test("is set, validated, and cleared through the shared schema", async () => {
    await expect(updateClass(owner, classId, { examDate: "2026-02-30" }, NOW)).rejects.toBeInstanceOf(ValidationError);
    await expect(updateClass(owner, classId, { examDate: "next week" }, NOW)).rejects.toBeInstanceOf(ValidationError);
    expect((await updateClass(owner, classId, { examDate: "2026-10-10" }, NOW)).examDate).toBe("2026-10-10");
    expect((await updateClass(owner, classId, { examDate: "" }, NOW)).examDate).toBeNull();
    expect((await getClassExamForecast(owner, classId, NOW)).examDate).toBeNull();
    expect(await getMyExamForecast(strong, course.slug, NOW)).toBeNull();
    expect((await getExtraQueue(weak, { course: course.slug, extra: "exam" }, NOW)).cards).toEqual([]);
    expect((await updateClass(owner, classId, { examDate: "2026-10-10" }, NOW)).examDate).toBe("2026-10-10");
  });
});

describe("instructor's forecast", () => {
  test("each current student's and each lesson's predicted recall on the exam day", async () => {
    const forecast = await getClassExamForecast(owner, classId, NOW);
    expect(forecast).toMatchObject({ examDate: "2026-10-10", at: examMoment("2026-10-10", "America/Chicago").toISOString(), past: false });
    // Removed students are not in the forecast; the idle student has nothing learned (last).
    expect(forecast.students.map((student) => student.name)).toEqual(["Walt Weak", "Stella Strong", "Ida Idle"]);
    const [walt, stella, ida] = forecast.students;
    expect(ida).toMatchObject({ cards: 0, meanRecall: null, belowTarget: 0 });
    expect(stella!.cards).toBe(4);
    expect(walt!.cards).toBe(2);
    expect(walt!.meanRecall!).toBeLessThan(stella!.meanRecall!);

    // Recomputed by hand from the stored states with the forgetting curve (default weights, UTC 4:00 day rule).
    const estimator = new RetrievabilityEstimator(new Date(forecast.at!));
    const weights = [...effectiveWeights(DEFAULT_PARAMS)];
    const states = await db().cardState.findMany({ where: { userId: weak.id, courseId: course.id } });
    const expected = states.map((state) => estimator.recall(state.stability, state.lastReview!.getTime(), "UTC", 4, weights)!);
    expect(walt!.meanRecall!).toBeCloseTo(expected.reduce((a, b) => a + b, 0) / expected.length, 12);
    expect(walt!.belowTarget).toBe(expected.filter((recall) => recall < 0.9).length);
    expect(walt!.belowTarget).toBe(2);

    expect(forecast.lessons.map((lesson) => [lesson.lessonKey, lesson.cards, lesson.students])).toEqual([
      ["lesson-1", 4, 2],
      ["lesson-2", 2, 1],
    ]);
    expect(forecast.lessons[0]!.meanRecall!).toBeLessThan(forecast.lessons[1]!.meanRecall!);
  });

  test("an admin sees it; another instructor gets 404 and a student 403", async () => {
    expect((await getClassExamForecast(admin, classId, NOW)).students).toHaveLength(3);
    await expect(getClassExamForecast(stranger, classId, NOW)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getClassExamForecast(strong, classId, NOW)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateClass(stranger, classId, { examDate: "2026-11-01" }, NOW)).rejects.toBeInstanceOf(NotFoundError);
  });

  test("after the exam day there is no forecast", async () => {
    const after = new Date("2026-10-11T06:00:00Z"); // 01:00 on the 11th in Chicago
    expect(await getClassExamForecast(owner, classId, after)).toMatchObject({ past: true, students: [], lessons: [] });
    expect(await getMyExamForecast(weak, course.slug, after)).toBeNull();
    // The exam day itself still counts as coming.
    expect((await getClassExamForecast(owner, classId, new Date("2026-10-11T04:00:00Z"))).past).toBe(false);
  });
});

describe("student's forecast", () => {
  test("their own figure only, and the cards below their target to study before the exam", async () => {
    const mine = await getMyExamForecast(weak, course.slug, NOW);
    const walt = (await getClassExamForecast(owner, classId, NOW)).students.find((student) => student.userId === weak.id)!;
    expect(mine).toMatchObject({ classId, className: "CJ 210", examDate: "2026-10-10", target: 0.9, cards: 2, belowTarget: 2 });
    expect(mine!.meanRecall).toBeCloseTo(walt.meanRecall!, 12);
    // A removed student no longer has the class's exam.
    expect(await getMyExamForecast(gone, course.slug, NOW)).toBeNull();

    const queue = await getExtraQueue(weak, { course: course.slug, extra: "exam" }, NOW);
    expect(queue.extra).toBe("exam");
    expect(queue.cards.map((card) => card.id).sort()).toEqual([course.cards[0]!.id, course.cards[1]!.id].sort());
    // Strong's Easy cards stay above target on the exam day: nothing to study.
    const strongForecast = await getMyExamForecast(strong, course.slug, NOW);
    expect(strongForecast!.belowTarget).toBe(0);
    expect((await getExtraQueue(strong, { course: course.slug, extra: "exam" }, NOW)).cards).toEqual([]);
  });
});
