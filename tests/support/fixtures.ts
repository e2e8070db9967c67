/**
 * Rows for data-layer tests, written straight through Prisma into the test file's own database.
 * Content comes from a tiny course built here rather than the real essay, so tests control its shape.
 */
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { testActor } from "./actors";

export async function createUser(role: Actor["role"] = "student", name = "Test User"): Promise<Actor> {
  const email = `${role}-${randomUUID()}@example.test`;
  const user = await db().user.create({
    data: { email, name, role, passwordHash: "not-a-real-hash" },
    select: { id: true, role: true, email: true, name: true },
  });
  return testActor(user);
}

export type FixtureCourse = {
  id: string;
  slug: string;
  lessons: { id: string; key: string }[];
  cards: { id: string; key: string; noteKey: string; lessonId: string; position: number }[];
};

/**
 * A course of `lessons` lessons with `cardsPerLesson` basic cards each, in course order. Each card is
 * its own note unless `noteOf` names one (cards sharing a note are siblings).
 */
export async function createCourse(
  options: { lessons?: number; cardsPerLesson?: number; slug?: string; noteOf?: (lessonIndex: number, cardIndex: number) => string } = {},
): Promise<FixtureCourse> {
  const lessonCount = options.lessons ?? 2;
  const cardsPerLesson = options.cardsPerLesson ?? 5;
  const slug = options.slug ?? `course-${randomUUID().slice(0, 8)}`;
  const client = db();
  const course = await client.course.create({
    data: {
      slug,
      title: `Course ${slug}`,
      summary: "A test course.",
      audience: "Testers",
      contentNote: "None.",
      supportResources: [],
      bundle: {},
      contentHash: "test",
    },
  });
  const unit = await client.unit.create({
    data: { courseId: course.id, key: "unit-1", position: 0, title: "Unit 1", summary: "" },
  });
  const lessons: FixtureCourse["lessons"] = [];
  const cards: FixtureCourse["cards"] = [];
  let position = 0;
  for (let lessonIndex = 0; lessonIndex < lessonCount; lessonIndex += 1) {
    const lesson = await client.lesson.create({
      data: { courseId: course.id, unitId: unit.id, key: `lesson-${lessonIndex + 1}`, position: lessonIndex, title: `Lesson ${lessonIndex + 1}`, objectives: [], passages: [] },
    });
    lessons.push({ id: lesson.id, key: lesson.key });
    for (let cardIndex = 0; cardIndex < cardsPerLesson; cardIndex += 1) {
      const key = `l${lessonIndex + 1}-c${cardIndex + 1}`;
      const noteKey = options.noteOf?.(lessonIndex, cardIndex) ?? key;
      const card = await client.card.create({
        data: {
          courseId: course.id,
          lessonId: lesson.id,
          key,
          noteKey,
          kind: "basic",
          prompt: `Prompt ${key}`,
          answer: `Answer ${key}`,
          sourceAnchor: "p1",
          sourceQuote: "quote",
          contentHash: key,
          position,
        },
      });
      cards.push({ id: card.id, key, noteKey, lessonId: lesson.id, position });
      position += 1;
    }
  }
  return { id: course.id, slug, lessons, cards };
}

export async function tableCounts() {
  const client = db();
  const [reviewLogs, cardStates, settings] = await Promise.all([
    client.reviewLog.count(),
    client.cardState.count(),
    client.courseSettings.count(),
  ]);
  return { reviewLogs, cardStates, settings };
}

export const key = () => randomUUID();
