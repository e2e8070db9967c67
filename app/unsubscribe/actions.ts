"use server";

import { ValidationError } from "@/lib/errors";
import { actionError } from "@/lib/http/action-result";
import type { ActionState } from "@/lib/http/action-state";
import { isValidUnsubscribeToken } from "@/lib/mail/links";
import { unsubscribeFromReminders } from "@/lib/reminders/settings";

export async function unsubscribeAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  try {
    const userId = String(formData.get("u") ?? "");
    const token = String(formData.get("t") ?? "");
    if (!isValidUnsubscribeToken(userId, token)) throw new ValidationError({ t: ["is not a valid unsubscribe link"] }, "This unsubscribe link is not valid.");
    await unsubscribeFromReminders(userId, new Date());
    return { status: "ok", data: undefined, message: "Done: you will get no more reminder emails. You can turn them on again on your account page." };
  } catch (error) {
    return actionError(error);
  }
}
