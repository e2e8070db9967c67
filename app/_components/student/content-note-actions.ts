"use server";

import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/guards";
import { acknowledgeContentNote } from "@/lib/courses/content-note";

/** Only paths inside the course the note belongs to: a form field must not redirect anywhere else. */
function returnPath(course: string, value: FormDataEntryValue | null): string {
  const fallback = `/courses/${course}/review`;
  if (typeof value !== "string" || !value.startsWith(`/courses/${course}/`) || value.includes("//")) return fallback;
  return value;
}

/** "I have read this": remembers that the student read the course's content note, then goes on. */
export async function acknowledgeContentNoteAction(formData: FormData): Promise<void> {
  const course = String(formData.get("course") ?? "");
  const user = await requireUser();
  await acknowledgeContentNote(user, { course }, new Date());
  redirect(returnPath(course, formData.get("next")));
}
