import "server-only";
import type { DbClient } from "@/lib/db/client";

/** Lessons assigned to the student in open assignments of active classes for this course. */
export async function assignedLessonIds(client: DbClient, userId: string, courseId: string, now: Date): Promise<Set<string>> {
  const rows = await client.$queryRaw<{ lessonId: string }[]>`
    SELECT DISTINCT al."lessonId"
    FROM "AssignmentLesson" al
    JOIN "Assignment" a ON a.id = al."assignmentId"
    JOIN "Class" k ON k.id = a."classId"
    JOIN "Enrollment" e ON e."classId" = k.id
    WHERE e."userId" = ${userId} AND e."removedAt" IS NULL
      AND k."courseId" = ${courseId} AND k."archivedAt" IS NULL
      AND a."archivedAt" IS NULL AND a."opensAt" <= ${now}`;
  return new Set(rows.map((row) => row.lessonId));
}
