import "server-only";
import { db } from "@/lib/db/client";

/** Courses with an answer given since their last finished optimizer run (or never run). */
export async function coursesDueForFit(): Promise<string[]> {
  const rows = await db().$queryRaw<{ courseId: string }[]>`
    SELECT c.id AS "courseId" FROM "Course" c
    WHERE EXISTS (
      SELECT 1 FROM "ReviewLog" l
      WHERE l."courseId" = c.id
        AND l."receivedAt" > COALESCE((SELECT max(r."startedAt") FROM "MemoryModelRun" r WHERE r."courseId" = c.id AND r.status = 'done'), '-infinity'::timestamp))
    ORDER BY c.id`;
  return rows.map((row) => row.courseId);
}
