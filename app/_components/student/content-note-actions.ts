"use server";

import { requireUser } from "@/lib/auth/guards";
import { acknowledgeContentNote } from "@/lib/courses/content-note";

/** "I have read this": remembers that the student read the course's content note. */
export async function acknowledgeContentNoteAction(course: string): Promise<void> {
  const user = await requireUser();
  await acknowledgeContentNote(user, { course }, new Date());
}
