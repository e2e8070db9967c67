/**
 * The SQL queue (lib/review/queue.ts narrows candidates in Postgres) must equal lib/srs's
 * buildDailyQueue run over all of the student's rows: random states, due times, suspensions, leeches
 * (suspended or kept in study), siblings answered today or not, assigned lessons, daily limits and
 * answers already given today.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { getReviewQueue } from "@/lib/review/queue";
import { buildDailyQueue, DEFAULT_LEECH_THRESHOLD, type QueueCardSchedule, type SrsState } from "@/lib/srs";
import { createCourse, createUser, type FixtureCourse } from "@/tests/support/fixtures";

const NOW = new Date("2026-11-02T15:00:00Z"); // 10:00 in New York
const MINUTE = 60_000;
const DAY = 86_400_000;
const DAY_START = new Date("2026-11-02T09:00:00Z"); // 04:00 in New York
let course: FixtureCourse;

beforeAll(async () => {
  // 3 lessons × 6 cards; notes of 1 to 3 cards (cloze-like siblings), some across the lesson order.
  course = await createCourse({ lessons: 3, cardsPerLesson: 6, noteOf: (lesson, card) => `n${lesson}-${Math.floor(card / (1 + (lesson % 3)))}` });
});

type Row = { state: SrsState; dueOffsetMin: number; lastReviewOffsetMin: number | null; suspended: boolean; lapses: number };

const rowArb: fc.Arbitrary<Row | null> = fc.option(
  fc.record({
    state: fc.constantFrom<SrsState>("new", "learning", "relearning", "review"),
    // from three days ago to three days ahead, in minutes
    dueOffsetMin: fc.integer({ min: -3 * 24 * 60, max: 3 * 24 * 60 }),
    // answered earlier today (after 04:00), yesterday, or never
    lastReviewOffsetMin: fc.option(fc.integer({ min: -30 * 60, max: -1 }), { nil: null }),
    suspended: fc.boolean(),
    lapses: fc.integer({ min: 0, max: 12 }),
  }),
  { nil: null, freq: 3 },
);

describe("SQL queue = lib/srs queue over all rows", () => {
  test("for random students", async () => {
    const cards = course.cards;
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { minLength: cards.length, maxLength: cards.length }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        fc.subarray([0, 1, 2]),
        fc.integer({ min: 1, max: 20 }),
        async (rows, newPerDay, reviewsPerDay, introducedToday, reviewedToday, assignedLessons, limit) => {
          const student = await createUser();
          await db().courseSettings.create({
            data: { userId: student.id, courseId: course.id, newPerDay, reviewsPerDay, timeZone: "America/New_York", dayStartHour: 4, timeZoneDetected: true },
          });
          const states = new Map<string, QueueCardSchedule>();
          const data = rows.flatMap((row, index) => {
            if (!row) return [];
            const card = cards[index]!;
            // A new state row (a reset card, or one suspended before it was studied) has no review.
            const fresh = row.state === "new";
            const due = new Date(NOW.getTime() + row.dueOffsetMin * MINUTE);
            const lastReview = fresh || row.lastReviewOffsetMin === null ? null : new Date(NOW.getTime() + row.lastReviewOffsetMin * MINUTE);
            // A leech is suspended unless the student kept studying it: both kinds occur.
            const suspended = row.suspended || (row.lapses >= DEFAULT_LEECH_THRESHOLD && row.lapses % 2 === 0);
            states.set(card.id, { state: row.state, due, suspended, lastReview });
            return [
              {
                userId: student.id,
                cardId: card.id,
                courseId: course.id,
                due,
                stability: fresh ? 0 : 3,
                difficulty: fresh ? 0 : 5,
                elapsedDays: 0,
                scheduledDays: 0,
                learningSteps: 0,
                reps: fresh ? 0 : 1 + row.lapses,
                lapses: fresh ? 0 : row.lapses,
                state: row.state,
                lastReview,
                suspended,
              },
            ];
          });
          if (data.length) await db().cardState.createMany({ data });
          // Answers already given today (to cards outside the course order's concern): they use up today's limits.
          const logs = [
            ...Array.from({ length: introducedToday }, () => "new" as const),
            ...Array.from({ length: reviewedToday }, () => "review" as const),
          ].map((state, index) => ({
            userId: student.id,
            cardId: cards[index % cards.length]!.id,
            courseId: course.id,
            rating: 3,
            state,
            due: DAY_START,
            stability: 1,
            difficulty: 5,
            elapsedDays: 0,
            lastElapsedDays: 0,
            scheduledDays: 0,
            learningSteps: 0,
            reviewedAt: new Date(DAY_START.getTime() + (index + 1) * MINUTE),
            idempotencyKey: `${student.id}-${index}`,
            stateBefore: {},
            stateAfter: {},
          }));
          if (logs.length) await db().reviewLog.createMany({ data: logs });
          if (assignedLessons.length) {
            const teacher = await createUser("instructor");
            const klass = await db().class.create({ data: { name: "C", term: "T", courseId: course.id, joinCode: `J${student.id}`, createdById: teacher.id } });
            await db().enrollment.create({ data: { classId: klass.id, userId: student.id } });
            await db().assignment.create({
              data: {
                classId: klass.id,
                title: "A",
                opensAt: new Date(NOW.getTime() - DAY),
                dueAt: new Date(NOW.getTime() + DAY),
                lessons: { create: assignedLessons.map((lesson) => ({ lessonId: course.lessons[lesson]!.id })) },
              },
            });
          }

          const sql = await getReviewQueue(student, { course: course.slug, limit: String(limit) }, NOW);
          const expected = buildDailyQueue(
            {
              cards: cards.map((card) => ({ cardId: card.id, position: card.position, lessonId: card.lessonId, noteKey: card.noteKey, archived: false })),
              states,
              dayRule: { timeZone: "America/New_York", dayStartHour: 4 },
              newPerDay,
              reviewsPerDay,
              newIntroducedToday: introducedToday,
              reviewsDoneToday: reviewedToday,
              assignedLessonIds: new Set(assignedLessons.map((lesson) => course.lessons[lesson]!.id)),
              limit,
            },
            NOW,
          );
          expect(sql.counts).toEqual(expected.counts);
          expect(sql.cards.map((card) => [card.id, card.queue])).toEqual(expected.items.map((item) => [item.cardId, item.queue]));
        },
      ),
      { numRuns: 60 },
    );
  });
});
