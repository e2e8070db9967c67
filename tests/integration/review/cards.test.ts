import { beforeAll, describe, expect, test } from "vitest";
import { NotFoundError } from "@/lib/errors";
import { answerCard } from "@/lib/review/answer";
import { applyCardAction } from "@/lib/review/card-actions";
import { getStudentCard, listStudentCards } from "@/lib/review/cards";
import { undoLastReview } from "@/lib/review/undo";
import { createCourse, createUser, key, type FixtureCourse } from "@/tests/support/fixtures";

const T0 = new Date("2026-11-02T15:00:00Z");
let course: FixtureCourse;

beforeAll(async () => {
  course = await createCourse({ lessons: 2, cardsPerLesson: 3, noteOf: (lesson, card) => (lesson === 0 && card < 2 ? "note-a" : `own-${lesson}-${card}`) });
});

describe("the card browser", () => {
  test("lists every card with the student's own state: suspended, leech, due; nothing of another student", async () => {
    const student = await createUser();
    const other = await createUser();
    await answerCard(student, { cardId: course.cards[0]!.id, rating: 3, idempotencyKey: key() }, T0);
    await applyCardAction(student, { cardId: course.cards[2]!.id, action: "suspend" }, T0);
    await applyCardAction(other, { cardId: course.cards[3]!.id, action: "suspend" }, T0);
    const list = await listStudentCards(student, course.slug);
    expect(list.cards.map((card) => card.id)).toEqual(course.cards.map((card) => card.id));
    expect(list.lessons.map((lesson) => lesson.key)).toEqual(["lesson-1", "lesson-2"]);
    expect(list.leechThreshold).toBe(8);
    expect(list.cards[0]).toMatchObject({ state: "learning", noteKey: "note-a", suspended: false, leech: false, reps: 1 });
    expect(list.cards[0]!.due).toBe(new Date(T0.getTime() + 10 * 60_000).toISOString());
    expect(list.cards[1]).toMatchObject({ state: "new", due: null, noteKey: "note-a" });
    expect(list.cards[2]).toMatchObject({ state: "new", suspended: true, due: null });
    expect(list.cards[3]).toMatchObject({ suspended: false });
  });

  test("a card's info: source, memory now and its history with the interval each answer gave", async () => {
    const student = await createUser();
    const cardId = course.cards[4]!.id;
    await answerCard(student, { cardId, rating: 3, idempotencyKey: key() }, T0);
    await answerCard(student, { cardId, rating: 3, idempotencyKey: key() }, new Date(T0.getTime() + 10 * 60_000));
    await answerCard(student, { cardId, rating: 1, idempotencyKey: key() }, new Date(T0.getTime() + 11 * 60_000));
    await undoLastReview(student, { course: course.slug }, new Date(T0.getTime() + 12 * 60_000));
    const info = await getStudentCard(student, course.slug, cardId, new Date(T0.getTime() + 2 * 86_400_000));
    expect(info).toMatchObject({ state: "review", reps: 2, lapses: 0, source: { anchor: "p1", quote: "quote" } });
    // A card that lists no passages of its own (imported before `sources`) cites its single source.
    expect(info.sources).toEqual([{ anchor: "p1", quote: "quote", paragraph: info.source.paragraph }]);
    expect(info.stability).toBeGreaterThan(0);
    expect(info.difficulty).toBeGreaterThan(0);
    expect(info.retrievability).toBeGreaterThan(0);
    expect(info.retrievability).toBeLessThan(1);
    expect(info.history.map((entry) => [entry.rating, entry.interval, entry.undone])).toEqual([
      [3, "10m", false],
      [3, expect.stringMatching(/^\d+d$/), false],
      [1, "10m", true],
    ]);
    await expect(getStudentCard(student, course.slug, "not-a-card", T0)).rejects.toBeInstanceOf(NotFoundError);
    const fresh = await getStudentCard(await createUser(), course.slug, cardId, T0);
    expect(fresh).toMatchObject({ state: "new", due: null, stability: null, retrievability: null, history: [] });
  });
});
