import "server-only";
import { Prisma } from "@prisma/client";

/**
 * The lessons assigned to the student in open assignments of active classes for this course, as a
 * query of one `lessonId` column. `courseId` may be a column of an enclosing query (the review queue
 * reads them in the same statement as the course).
 */
export function assignedLessonsQuery(userId: string, courseId: string | Prisma.Sql, now: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT DISTINCT al."lessonId"
    FROM "AssignmentLesson" al
    JOIN "Assignment" a ON a.id = al."assignmentId"
    JOIN "Class" k ON k.id = a."classId"
    JOIN "Enrollment" e ON e."classId" = k.id
    WHERE e."userId" = ${userId} AND e."removedAt" IS NULL
      AND k."courseId" = ${courseId} AND k."archivedAt" IS NULL
      AND a."archivedAt" IS NULL AND a."opensAt" <= ${now}`;
}
