/**
 * The essay as a memory map on real Postgres: the class mean per passage for its instructors, a
 * student's own figures for them, on the exam day when one is upcoming, and who may see what.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { createClass, joinClass, updateClass } from "@/lib/classes/classes";
import { getClassMemoryMap } from "@/lib/classes/memory-map";
import { answerCard } from "@/lib/review/answer";
import { getMyMemoryMap } from "@/lib/review/memory-map";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { db } from "@/lib/db/client";
import { DEFAULT_PARAMS, effectiveWeights, examMoment, RetrievabilityEstimator } from "@/lib/srs";
import { createCourse, createUser, key, type FixtureCourse } from "@/tests/support/fixtures";

const T0 = new Date("2026-10-05T14:00:00Z");
const NOW = new Date("2026-10-06T15:00:00Z");
type User = Awaited<ReturnType<typeof createUser>>;
let course: FixtureCourse;
let owner: User;
let stranger: User;
let strong: User;
let weak: User;
let classId: string;

const paragraph = (anchor: string, index: number, furniture = false) => ({ anchor, index, text: `Paragraph ${anchor}.`, gapBefore: false, gapAfter: false, furniture });

async function answer(student: User, index: number, rating: 1 | 2 | 3 | 4, when: Date) {
  await answerCard(student, { cardId: course.cards[index]!.id, rating, idempotencyKey: key() }, when);
}

beforeAll(async () => {
  course = await createCourse({ lessons: 2, cardsPerLesson: 2 });
  // The essay: a title (furniture, not mapped), p1 cited by cards 0 and 1, p2 by cards 1 and 2, p3 by card 3, p4 by none.
  await db().course.update({
    where: { id: course.id },
    data: {
      bundle: {
        source: {
          title: "The essay",
          citation: "Author (2020).",
          about: null,
          paragraphs: [paragraph("title", 0, true), paragraph("p1", 1), paragraph("p2", 2), paragraph("p3", 3), paragraph("p4", 4)],
        },
      },
    },
  });
  const cites = [["p1"], ["p1", "p2"], ["p2"], ["p3"]];
  for (const [index, anchors] of cites.entries()) {
    await db().card.update({
      where: { id: course.cards[index]!.id },
      data: { sourceAnchor: anchors[0]!, sources: anchors.map((anchor) => ({ anchor, quote: "Paragraph" })) },
    });
  }
  owner = await createUser("instructor", "Olga Owner");
  stranger = await createUser("instructor", "Sam Stranger");
  const cls = await createClass(owner, { name: "CJ 210", term: "Fall 2026", courseSlug: course.slug, timeZone: "America/Chicago" });
  classId = cls.id;
  strong = await createUser("student", "Stella Strong");
  weak = await createUser("student", "Walt Weak");
  for (const student of [strong, weak]) await joinClass(student, { code: cls.joinCodeDisplay }, "10.0.0.9", T0);
  for (const index of [0, 1, 2]) await answer(strong, index, 4, T0);
  for (const index of [0, 1]) await answer(weak, index, 1, T0);
});

/** Each student's recall of each learned card at `at`, recomputed from the stored states (default weights, UTC 4:00 day rule). */
async function handRecall(at: Date): Promise<Map<string, number[]>> {
  const estimator = new RetrievabilityEstimator(at);
  const weights = [...effectiveWeights(DEFAULT_PARAMS)];
  const states = await db().cardState.findMany({ where: { courseId: course.id, userId: { in: [strong.id, weak.id] }, lastReview: { not: null } } });
  const byCard = new Map<string, number[]>();
  for (const state of states) {
    const recall = estimator.recall(state.stability, state.lastReview!.getTime(), "UTC", 4, weights)!;
    byCard.set(state.cardId, [...(byCard.get(state.cardId) ?? []), recall]);
  }
  return byCard;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe("class memory map", () => {
  test("today: the class mean per passage, recomputed by hand; uncited passages unshaded", async () => {
    const map = await getClassMemoryMap(owner, classId, NOW);
    expect(map).toMatchObject({ examDate: null, at: NOW.toISOString(), students: 2, className: "CJ 210" });
    expect(map.passages.map((passage) => passage.anchor)).toEqual(["p1", "p2", "p3", "p4"]);
    const hand = await handRecall(NOW);
    const cards = course.cards.map((card) => hand.get(card.id) ?? []);
    const [p1, p2, p3, p4] = map.passages;
    expect(p1!.meanRecall!).toBeCloseTo(mean([...cards[0]!, ...cards[1]!]), 12);
    expect(p1!.figures).toBe(4);
    expect(p2!.meanRecall!).toBeCloseTo(mean([...cards[1]!, ...cards[2]!]), 12);
    expect(p2!.cards.map((card) => card.learners)).toEqual([2, 1]);
    expect(p3).toMatchObject({ meanRecall: null, figures: 0 });
    expect(p3!.cards).toHaveLength(1);
    expect(p4).toMatchObject({ cards: [], meanRecall: null });
    // A card's figure is its mean over the students who learned it.
    expect(p1!.cards[0]!.meanRecall!).toBeCloseTo(mean(cards[0]!), 12);
  });

  test("on an upcoming exam day, figures are for noon that day", async () => {
    await updateClass(owner, classId, { examDate: "2026-10-20" }, NOW);
    const map = await getClassMemoryMap(owner, classId, NOW);
    const at = examMoment("2026-10-20", "America/Chicago");
    expect(map).toMatchObject({ examDate: "2026-10-20", at: at.toISOString() });
    const hand = await handRecall(at);
    expect(map.passages[0]!.meanRecall!).toBeCloseTo(mean([...hand.get(course.cards[0]!.id)!, ...hand.get(course.cards[1]!.id)!]), 12);
    expect(map.passages[0]!.meanRecall!).toBeLessThan((await getClassMemoryMap(owner, classId, NOW)).passages[0]!.meanRecall! + 1e-12);
  });

  test("another instructor gets 404, a student 403", async () => {
    await expect(getClassMemoryMap(stranger, classId, NOW)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getClassMemoryMap(strong, classId, NOW)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("student's memory map", () => {
  test("their own figures only, on their exam day", async () => {
    const at = examMoment("2026-10-20", "America/Chicago");
    const hand = await handRecall(at);
    const weakStates = await db().cardState.findMany({ where: { userId: weak.id, courseId: course.id } });
    const estimator = new RetrievabilityEstimator(at);
    const weights = [...effectiveWeights(DEFAULT_PARAMS)];
    const own = new Map(weakStates.map((state) => [state.cardId, estimator.recall(state.stability, state.lastReview!.getTime(), "UTC", 4, weights)!]));
    const map = await getMyMemoryMap(weak, course.slug, NOW);
    expect(map.examDate).toBe("2026-10-20");
    const [p1, p2] = map.passages;
    expect(p1!.meanRecall!).toBeCloseTo(mean([own.get(course.cards[0]!.id)!, own.get(course.cards[1]!.id)!]), 12);
    expect(p1!.cards.every((card) => card.learners === 1)).toBe(true);
    // Card 2 is strong's only: for weak it is not learned, so p2 rests on card 1 alone.
    expect(p2!.meanRecall!).toBeCloseTo(own.get(course.cards[1]!.id)!, 12);
    expect(p2!.cards[1]).toMatchObject({ meanRecall: null, learners: 0 });
    expect(hand.get(course.cards[2]!.id)).toHaveLength(1);
  });

  test("a student outside any class sees today's map; an unknown course is 404", async () => {
    const loner = await createUser("student", "Lou Loner");
    const map = await getMyMemoryMap(loner, course.slug, NOW);
    expect(map.examDate).toBeNull();
    expect(map.passages.every((passage) => passage.meanRecall === null)).toBe(true);
    await expect(getMyMemoryMap(loner, "no-such-course", NOW)).rejects.toBeInstanceOf(NotFoundError);
  });
});
