"use server";

import { headers } from "next/headers";
import { confirmPasswordReset, requestPasswordReset } from "@/lib/accounts/password-reset";
import { actionError, formFields } from "@/lib/http/action-result";
import type { ActionState } from "@/lib/http/action-state";

export async function requestPasswordResetAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const input = formFields(formData);
  try {
    const { message } = await requestPasswordReset({ email: input.email }, await headers());
    return { status: "ok", data: undefined, message };
  } catch (error) {
    return { ...actionError(error), values: { email: input.email ?? "" } };
  }
}

export async function confirmPasswordResetAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const input = formFields(formData);
  try {
    await confirmPasswordReset({ token: input.token, password: input.password }, await headers(), new Date());
    return { status: "ok", data: undefined, message: "Your password was changed and every device was signed out." };
  } catch (error) {
    return actionError(error);
  }
}
