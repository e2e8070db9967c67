import { beforeAll, describe, expect, test } from "vitest";
import { answerCard } from "@/lib/review/answer";
import { applyCardAction } from "@/lib/review/card-actions";
import { getLessonMastery } from "@/lib/courses/mastery";
import { getStreak } from "@/lib/review/stats";
import { createCourse, createUser, key, type FixtureCourse } from "@/tests/support/fixtures";

const T0 = new Date("2026-11-02T15:00:00Z");
const days = (count: number) => new Date(T0.getTime() + count * 86_400_000);
let course: FixtureCourse;

beforeAll(async () => {
  course = await createCourse({ lessons: 2, cardsPerLesson: 4 });
});

describe("per-lesson mastery", () => {
  test("a new student: every lesson's cards counted, none learned, no recall yet", async () => {
    const student = await createUser();
    const mastery = await getLessonMastery(student, course.slug, T0);
    const lessons = [...new Set(course.cards.map((card) => card.lessonId))];
    expect(lessons.map((lessonId) => mastery.get(lessonId))).toEqual(
      lessons.map((lessonId) => ({ lessonId, total: 4, started: 0, learned: 0, recall: null })),
    );
  });

  test("learned cards count in their own lesson; recall is high just after and falls with time", async () => {
    const student = await createUser();
    const [first, second] = course.cards;
    await answerCard(student, { cardId: first!.id, rating: 4, idempotencyKey: key() }, T0);
    await answerCard(student, { cardId: second!.id, rating: 1, idempotencyKey: key() }, T0);
    const now = await getLessonMastery(student, course.slug, days(0));
    const lesson = now.get(first!.lessonId)!;
    expect(lesson).toMatchObject({ total: 4, started: 2, learned: 1 });
    expect(lesson.recall).toBeGreaterThan(0.9);
    const other = course.cards.find((card) => card.lessonId !== first!.lessonId)!;
    expect(now.get(other.lessonId)).toMatchObject({ started: 0, learned: 0, recall: null });

    const later = await getLessonMastery(student, course.slug, days(60));
    expect(later.get(first!.lessonId)!.recall).toBeLessThan(lesson.recall!);
  });

  test("a suspended card leaves the recall figure", async () => {
    const student = await createUser();
    const card = course.cards[0]!;
    await answerCard(student, { cardId: card.id, rating: 3, idempotencyKey: key() }, T0);
    await applyCardAction(student, { cardId: card.id, action: "suspend" }, T0);
    expect((await getLessonMastery(student, course.slug, days(1))).get(card.lessonId)!.recall).toBeNull();
  });
});

describe("the streak the session end starts from", () => {
  test("none before the first answer; today counts once answered; tomorrow it stands until the first answer", async () => {
    const student = await createUser();
    expect(await getStreak(student, course.slug, T0)).toEqual({ days: 0, today: false });
    await answerCard(student, { cardId: course.cards[0]!.id, rating: 3, idempotencyKey: key() }, T0);
    expect(await getStreak(student, course.slug, T0)).toEqual({ days: 1, today: true });
    expect(await getStreak(student, course.slug, days(1))).toEqual({ days: 1, today: false });
    expect(await getStreak(student, course.slug, days(3))).toEqual({ days: 0, today: false });
  });
});
