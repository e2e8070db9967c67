"use server";

import { requireUser } from "@/lib/auth/guards";
import { actionError, formFields } from "@/lib/http/action-result";
import type { ActionState } from "@/lib/http/action-state";
import type { MyMemoryModelDto, StudySettingsDto } from "@/lib/contracts";
import { chooseFittedWeights } from "@/lib/memory-model/access";
import { updateStudySettings } from "@/lib/review/settings";

/** Numbers arrive as text; anything not a number stays text so the schema names the field. */
function numeric(value: string | undefined): number | string | undefined {
  if (value === undefined || value.trim() === "") return value;
  const number = Number(value);
  return Number.isFinite(number) ? number : value;
}

export async function saveSettingsAction(_previous: ActionState<StudySettingsDto>, formData: FormData): Promise<ActionState<StudySettingsDto>> {
  const fields = formFields(formData);
  const course = fields.course ?? "";
  const retentionPercent = numeric(fields.desiredRetention);
  const input = {
    desiredRetention: typeof retentionPercent === "number" ? Math.round(retentionPercent) / 100 : retentionPercent,
    newPerDay: numeric(fields.newPerDay),
    reviewsPerDay: numeric(fields.reviewsPerDay),
    timeZone: fields.timeZone,
    dayStartHour: numeric(fields.dayStartHour),
    leechThreshold: numeric(fields.leechThreshold),
  };
  try {
    const user = await requireUser();
    const saved = await updateStudySettings(user, course, input);
    return { status: "ok", data: saved, message: "Settings saved." };
  } catch (error) {
    return { ...actionError(error), values: fields };
  }
}

/** The student keeps the model's default weights (opt out) or goes back to fitted ones. */
export async function fittedWeightsAction(course: string, useFittedWeights: boolean): Promise<ActionState<MyMemoryModelDto>> {
  try {
    const user = await requireUser();
    const saved = await chooseFittedWeights(user, course, { useFittedWeights });
    return { status: "ok", data: saved, message: useFittedWeights ? "Fitted weights on: your cards were rescheduled." : "Default weights on: your cards were rescheduled." };
  } catch (error) {
    return actionError(error);
  }
}
