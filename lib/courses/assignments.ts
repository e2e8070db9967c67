import "server-only";
import { db } from "@/lib/db/client";

/**
 * The student's open assignments with their progress, read straight from the class tables. A stopgap
 * until lib/classes offers a student-side read; the progress rule follows the Assignment goal:
 * `learn` counts cards in the review state, `recall` also needs the latest answer not to be Again.
 */
export type StudentAssignment = {
  id: string;
  title: string;
  className: string;
  courseSlug: string;
  dueAt: Date;
  goal: "learn" | "recall";
  totalCards: number;
  doneCards: number;
  lessonKeys: string[];
};

export async function studentAssignments(userId: string, now: Date): Promise<StudentAssignment[]> {
  const client = db();
  const assignments = await client.assignment.findMany({
    where: {
      archivedAt: null,
      opensAt: { lte: now },
      class: { archivedAt: null, enrollments: { some: { userId, removedAt: null } } },
    },
    select: {
      id: true,
      title: true,
      dueAt: true,
      goal: true,
      class: { select: { name: true, course: { select: { slug: true } } } },
      lessons: { select: { lesson: { select: { id: true, key: true, position: true } } } },
    },
    orderBy: { dueAt: "asc" },
    take: 50,
  });
  if (assignments.length === 0) return [];
  const lessonIds = [...new Set(assignments.flatMap((assignment) => assignment.lessons.map((entry) => entry.lesson.id)))];
  const rows = await client.$queryRaw<{ lessonId: string; total: number; learned: number; recalled: number }[]>`
    SELECT c."lessonId",
           count(*)::int AS total,
           count(s.id) FILTER (WHERE s."state" = 'review')::int AS learned,
           count(s.id) FILTER (WHERE s."state" = 'review' AND COALESCE((
             SELECT l."rating" FROM "ReviewLog" l
             WHERE l."userId" = ${userId} AND l."cardId" = c.id AND l."kind" = 'answer' AND NOT l."undone"
             ORDER BY l."reviewedAt" DESC LIMIT 1), 1) <> 1)::int AS recalled
    FROM "Card" c
    LEFT JOIN "CardState" s ON s."cardId" = c.id AND s."userId" = ${userId}
    WHERE c."lessonId" = ANY(${lessonIds}::text[]) AND NOT c."archived"
    GROUP BY c."lessonId"`;
  const byLesson = new Map(rows.map((row) => [row.lessonId, row]));
  return assignments.map((assignment) => {
    let totalCards = 0;
    let doneCards = 0;
    for (const { lesson } of assignment.lessons) {
      const row = byLesson.get(lesson.id);
      if (!row) continue;
      totalCards += row.total;
      doneCards += assignment.goal === "recall" ? row.recalled : row.learned;
    }
    return {
      id: assignment.id,
      title: assignment.title,
      className: assignment.class.name,
      courseSlug: assignment.class.course.slug,
      dueAt: assignment.dueAt,
      goal: assignment.goal,
      totalCards,
      doneCards,
      lessonKeys: assignment.lessons
        .map((entry) => entry.lesson)
        .sort((a, b) => a.position - b.position)
        .map((lesson) => lesson.key),
    };
  });
}
