"use server";

import { redirect } from "next/navigation";
import { requireRole } from "@/lib/auth/guards";
import type { StudioCourseDto } from "@/lib/contracts";
import { actionError, formFields } from "@/lib/http/action-result";
import type { ActionState } from "@/lib/http/action-state";
import { ValidationError } from "@/lib/errors";
import {
  addCard,
  addLesson,
  createStudioCourse,
  deleteCard,
  publishStudioCourse,
  updateCard,
  updateLesson,
} from "@/lib/studio/courses";
import { textOfUpload } from "@/lib/studio/upload";

/**
 * Server actions of the course studio. Each re-checks the session; lib/studio checks that the caller
 * owns or co-authors the course (404 otherwise) and validates with the same schemas as the JSON API.
 */

export async function createStudioCourseAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = formFields(formData);
  let slug: string;
  try {
    const user = await requireRole("instructor", "admin");
    const file = formData.get("file");
    const upload = file instanceof File && file.size > 0 ? await textOfUpload(file.name, new Uint8Array(await file.arrayBuffer())) : null;
    if (!upload && !values.sourceText?.trim()) throw new ValidationError({ sourceText: ["is empty: paste the text or upload a file"] });
    ({ slug } = await createStudioCourse(
      user,
      { title: values.title ?? "", sourceTitle: values.sourceTitle ?? "", sourceText: upload?.text ?? values.sourceText ?? "" },
      upload ? { markdown: upload.markdown } : {},
    ));
  } catch (error) {
    const { sourceText: _omitted, ...kept } = values;
    void _omitted;
    return { ...actionError(error), values: kept };
  }
  redirect(`/teach/studio/${slug}`);
}

async function edit(run: () => Promise<StudioCourseDto>): Promise<ActionState<StudioCourseDto>> {
  try {
    return { status: "ok", data: await run() };
  } catch (error) {
    return actionError(error);
  }
}

/** Adds a card (`cardId` null) or changes one: edit, accept, move, set `resetOnChange`. */
export async function saveStudioCardAction(slug: string, cardId: string | null, input: unknown): Promise<ActionState<StudioCourseDto>> {
  return edit(async () => {
    const user = await requireRole("instructor", "admin");
    return cardId === null ? addCard(user, slug, input) : updateCard(user, slug, cardId, input);
  });
}

export async function deleteStudioCardAction(slug: string, cardId: string): Promise<ActionState<StudioCourseDto>> {
  return edit(async () => deleteCard(await requireRole("instructor", "admin"), slug, cardId));
}

/** Adds a lesson (`lessonKey` null) or changes one: title, objectives, passages, text, position. */
export async function saveStudioLessonAction(slug: string, lessonKey: string | null, input: unknown): Promise<ActionState<StudioCourseDto>> {
  return edit(async () => {
    const user = await requireRole("instructor", "admin");
    return lessonKey === null ? addLesson(user, slug, input) : updateLesson(user, slug, lessonKey, input);
  });
}

export async function publishStudioCourseAction(slug: string): Promise<ActionState<{ version: number; cardCount: number }>> {
  try {
    const { version, cardCount } = await publishStudioCourse(await requireRole("instructor", "admin"), slug, new Date());
    return { status: "ok", data: { version, cardCount }, message: `Published version ${version} with ${cardCount} cards.` };
  } catch (error) {
    return actionError(error);
  }
}
