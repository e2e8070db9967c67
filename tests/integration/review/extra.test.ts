import { beforeAll, describe, expect, test } from "vitest";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { answerCard } from "@/lib/review/answer";
import { getExtraQueue, getReviewQueue } from "@/lib/review/queue";
import { updateStudySettings } from "@/lib/review/settings";
import { createCourse, createUser, key, type FixtureCourse } from "@/tests/support/fixtures";

const T0 = new Date("2026-11-02T15:00:00Z");
let course: FixtureCourse;

beforeAll(async () => {
  course = await createCourse({ lessons: 2, cardsPerLesson: 4, noteOf: (lesson, card) => (lesson === 1 && card < 2 ? "note-b" : `own-${lesson}-${card}`) });
});

describe("extra study", () => {
  test("study ahead: a lesson with nothing due offers its learned cards, nearest due first; answers are real reviews now", async () => {
    const student = await createUser();
    await updateStudySettings(student, course.slug, { desiredRetention: 0.9, newPerDay: 4, reviewsPerDay: 100, timeZone: "UTC", dayStartHour: 4 });
    const [a, b, c] = course.cards;
    await answerCard(student, { cardId: a!.id, rating: 4, idempotencyKey: key() }, T0);
    await answerCard(student, { cardId: b!.id, rating: 3, idempotencyKey: key() }, T0);
    await answerCard(student, { cardId: b!.id, rating: 3, idempotencyKey: key() }, new Date(T0.getTime() + 10 * 60_000));
    await answerCard(student, { cardId: c!.id, rating: 1, idempotencyKey: key() }, T0); // learning: not offered
    const later = new Date(T0.getTime() + 60 * 60_000);
    const today = await getReviewQueue(student, { course: course.slug }, later);
    expect(today.cards.filter((card) => card.lessonId === course.lessons[0]!.id && card.queue !== "new").map((card) => card.id)).toEqual([c!.id]);
    const ahead = await getExtraQueue(student, { course: course.slug, extra: "ahead", lesson: "lesson-1" }, later);
    expect(ahead.extra).toBe("ahead");
    expect(ahead.cards.map((card) => card.id)).toEqual([b!.id, a!.id]); // Good graduates sooner than Easy
    expect(ahead.cards.every((card) => card.queue === "review" && card.state === "review")).toBe(true);
    const answered = await answerCard(student, { cardId: b!.id, rating: 3, version: ahead.cards[0]!.version, idempotencyKey: key() }, later);
    expect(answered.card.reps).toBe(3);
    expect(answered.card.lastReview).toBe(later.toISOString());
    expect((await getExtraQueue(student, { course: course.slug, extra: "ahead", lesson: "lesson-2" }, later)).cards).toEqual([]);
  });

  test("learn more: new cards beyond today's limit, one per note, none of a note answered today", async () => {
    const student = await createUser();
    await updateStudySettings(student, course.slug, { desiredRetention: 0.9, newPerDay: 1, reviewsPerDay: 100, timeZone: "UTC", dayStartHour: 4 });
    await answerCard(student, { cardId: course.cards[0]!.id, rating: 4, idempotencyKey: key() }, T0);
    expect((await getReviewQueue(student, { course: course.slug }, T0)).counts.new).toBe(0);
    const more = await getExtraQueue(student, { course: course.slug, extra: "new", limit: "10" }, T0);
    // lesson 2's cards 1-2 are one note: only the first comes.
    expect(more.cards.map((card) => card.id)).toEqual([1, 2, 3, 4, 6, 7].map((index) => course.cards[index]!.id));
    expect(more.cards.every((card) => card.queue === "new" && card.state === "new")).toBe(true);
    await answerCard(student, { cardId: course.cards[4]!.id, rating: 3, idempotencyKey: key() }, T0);
    const after = await getExtraQueue(student, { course: course.slug, extra: "new", lesson: "lesson-2" }, T0);
    expect(after.cards.map((card) => card.id)).toEqual([6, 7].map((index) => course.cards[index]!.id));
    await expect(getExtraQueue(student, { course: course.slug, extra: "sideways" }, T0)).rejects.toBeInstanceOf(ValidationError);
    await expect(getExtraQueue(student, { course: course.slug, extra: "new", lesson: "nope" }, T0)).rejects.toBeInstanceOf(NotFoundError);
  });
});
