"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireRole, requireUser } from "@/lib/auth/guards";
import { createAssignment, updateAssignment } from "@/lib/classes/assignments";
import {
  addCoInstructor,
  createClass,
  removeCoInstructor,
  removeStudent,
  rotateJoinCode,
  updateClass,
} from "@/lib/classes/classes";
import { nudgeStudentsBehind } from "@/lib/classes/nudges";
import { requestClassCourseFit } from "@/lib/memory-model/access";
import type { InstructorDto } from "@/lib/contracts";
import { actionError, formFields, refusalsAsStatus } from "@/lib/http/action-result";
import type { ActionState } from "@/lib/http/action-state";

/**
 * Server actions of the instructor pages. Each re-checks the session; the lib/classes functions
 * check the class-level permissions themselves.
 */

const classPath = (classId: string) => `/teach/classes/${classId}`;

export async function createClassAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = formFields(formData);
  let id: string;
  try {
    const user = await requireRole("instructor", "admin");
    ({ id } = await createClass(user, { name: values.name, term: values.term, courseSlug: values.courseSlug, timeZone: values.timeZone }));
  } catch (error) {
    return { ...actionError(error), values };
  }
  revalidatePath("/teach");
  redirect(classPath(id));
}

export async function updateClassAction(classId: string, _previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = formFields(formData);
  try {
    const user = await requireUser();
    await updateClass(user, classId, { name: values.name, term: values.term, timeZone: values.timeZone }, new Date());
    revalidatePath(classPath(classId), "layout");
    return { status: "ok", data: undefined, message: "Saved." };
  } catch (error) {
    return { ...actionError(error), values };
  }
}

export async function setJoiningAction(classId: string, joinEnabled: boolean): Promise<void> {
  await refusalsAsStatus(async () => {
    const user = await requireUser();
    await updateClass(user, classId, { joinEnabled }, new Date());
    revalidatePath(classPath(classId), "layout");
  });
}

export async function setArchivedAction(classId: string, archived: boolean): Promise<void> {
  await refusalsAsStatus(async () => {
    const user = await requireUser();
    await updateClass(user, classId, { archived }, new Date());
    revalidatePath("/teach");
    revalidatePath(classPath(classId), "layout");
  });
}

export async function rotateCodeAction(classId: string): Promise<void> {
  await refusalsAsStatus(async () => {
    const user = await requireUser();
    await rotateJoinCode(user, classId);
    revalidatePath(classPath(classId), "layout");
  });
}

export async function removeStudentAction(classId: string, userId: string, formData: FormData): Promise<void> {
  await refusalsAsStatus(async () => {
    const user = await requireUser();
    await removeStudent(user, classId, userId, new Date(), { rotateCode: formData.get("rotateCode") === "on" });
    revalidatePath(classPath(classId), "layout");
  });
}

export async function addCoInstructorAction(
  classId: string,
  _previous: ActionState<InstructorDto>,
  formData: FormData,
): Promise<ActionState<InstructorDto>> {
  const values = formFields(formData);
  try {
    const user = await requireUser();
    const added = await addCoInstructor(user, classId, { email: values.email });
    revalidatePath(classPath(classId), "layout");
    return { status: "ok", data: added, message: `${added.name} (${added.email}) can now teach this class.` };
  } catch (error) {
    return { ...actionError(error), values };
  }
}

export async function removeCoInstructorAction(classId: string, userId: string): Promise<void> {
  await refusalsAsStatus(async () => {
    const user = await requireUser();
    await removeCoInstructor(user, classId, userId);
    revalidatePath(classPath(classId), "layout");
  });
}

/** The assignment form: "scope" is `unit:<key>` or `lessons` with `lessonKeys` checkboxes. */
export async function createAssignmentAction(classId: string, _previous: ActionState, formData: FormData): Promise<ActionState> {
  const values = formFields(formData);
  const lessonKeys = formData.getAll("lessonKeys").filter((value): value is string => typeof value === "string");
  const scope = values.scope ?? "lessons";
  try {
    const user = await requireUser();
    await createAssignment(
      user,
      classId,
      {
        ...(values.title?.trim() ? { title: values.title } : {}),
        ...(scope.startsWith("unit:") ? { unitKey: scope.slice(5) } : { lessonKeys: lessonKeys.length ? lessonKeys : [] }),
        ...(values.opensAt ? { opensAt: values.opensAt } : {}),
        dueAt: values.dueAt ?? "",
        goal: values.goal === "recall" ? "recall" : "learn",
      },
      new Date(),
    );
  } catch (error) {
    return { ...actionError(error), values: { ...values, lessonKeys: lessonKeys.join(",") } };
  }
  revalidatePath(classPath(classId), "layout");
  redirect(classPath(classId));
}

export async function archiveAssignmentAction(classId: string, assignmentId: string): Promise<void> {
  await refusalsAsStatus(async () => {
    const user = await requireUser();
    await updateAssignment(user, classId, assignmentId, { archived: true }, new Date());
    revalidatePath(classPath(classId), "layout");
  });
}

export async function nudgeStudentsAction(classId: string, assignmentId: string): Promise<ActionState> {
  try {
    const user = await requireUser();
    const { reminded } = await nudgeStudentsBehind(user, classId, assignmentId, new Date());
    revalidatePath(classPath(classId), "layout");
    return {
      status: "ok",
      data: undefined,
      message: reminded.length
        ? `Reminder emailed to ${reminded.length} student${reminded.length === 1 ? "" : "s"}.`
        : "Nobody is behind on this assignment: no email sent.",
    };
  } catch (error) {
    return actionError(error);
  }
}

/** Queues a refit of the memory model of the class's course (lib/memory-model). */
export async function refitMemoryModelAction(classId: string): Promise<ActionState> {
  try {
    const user = await requireUser();
    const { queued } = await requestClassCourseFit(user, classId);
    revalidatePath(classPath(classId), "layout");
    return {
      status: "ok",
      data: undefined,
      message: queued ? "Refit queued: it runs in the background, usually within a minute." : "A refit is already waiting to run.",
    };
  } catch (error) {
    return actionError(error);
  }
}
