import "server-only";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { requireCourseBySlug } from "@/lib/review/course";
import type { Actor } from "@/lib/auth/actor";
import { parseInput } from "@/lib/validation";
import { stableKey } from "@/lib/content/schemas";

/**
 * The course's content note is shown to each student once, before their first review of the
 * course; reading it is remembered per student and course. Lessons show it to a student who has
 * not read it yet, whichever lesson they enter first.
 */

export const acknowledgeContentNoteSchema = z.object({ course: stableKey });

/** Whether the student has read the course's content note. Any signed-in user may study any course. */
export async function hasReadContentNote(actor: Actor, courseId: string): Promise<boolean> {
  const row = await db().contentNoteAcknowledgement.findUnique({
    where: { userId_courseId: { userId: actor.id, courseId } },
    select: { userId: true },
  });
  return row !== null;
}

/** Records that the student has read the course's content note; reading it again changes nothing. */
export async function acknowledgeContentNote(actor: Actor, input: unknown, now: Date): Promise<void> {
  const { course: slug } = parseInput(acknowledgeContentNoteSchema, input);
  const course = await requireCourseBySlug(actor, slug);
  await db().contentNoteAcknowledgement.createMany({
    data: [{ userId: actor.id, courseId: course.id, acknowledgedAt: now }],
    skipDuplicates: true,
  });
}
