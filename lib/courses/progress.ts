import "server-only";
import { db } from "@/lib/db/client";

export type LessonProgress = {
  lessonId: string;
  total: number;
  /** Cards answered at least once (state other than new). */
  started: number;
  /** Cards that reached the review state. */
  learned: number;
};

/** Per-lesson card counts for one student in one course (archived cards excluded). */
export async function lessonProgress(userId: string, courseId: string): Promise<Map<string, LessonProgress>> {
  const rows = await db().$queryRaw<{ lessonId: string; total: number; started: number; learned: number }[]>`
    SELECT c."lessonId",
           count(*)::int AS total,
           count(s.id) FILTER (WHERE s."state" <> 'new')::int AS started,
           count(s.id) FILTER (WHERE s."state" = 'review')::int AS learned
    FROM "Card" c
    LEFT JOIN "CardState" s ON s."cardId" = c.id AND s."userId" = ${userId}
    WHERE c."courseId" = ${courseId} AND NOT c."archived"
    GROUP BY c."lessonId"`;
  return new Map(rows.map((row) => [row.lessonId, row]));
}

export function sumProgress(entries: Iterable<LessonProgress>): { total: number; started: number; learned: number } {
  let total = 0;
  let started = 0;
  let learned = 0;
  for (const entry of entries) {
    total += entry.total;
    started += entry.started;
    learned += entry.learned;
  }
  return { total, started, learned };
}
