"use server";

import { headers } from "next/headers";
import { confirmEmailVerification, requestVerificationMail } from "@/lib/accounts/email-verification";
import { actionError, formFields } from "@/lib/http/action-result";
import type { ActionState } from "@/lib/http/action-state";

export async function resendVerificationAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const input = formFields(formData);
  try {
    const { message } = await requestVerificationMail({ email: input.email }, await headers());
    return { status: "ok", data: undefined, message };
  } catch (error) {
    return { ...actionError(error), values: { email: input.email ?? "" } };
  }
}

export async function confirmEmailVerificationAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const input = formFields(formData);
  try {
    await confirmEmailVerification({ token: input.token }, await headers(), new Date());
    return { status: "ok", data: undefined, message: "Your email address is confirmed. You can sign in now." };
  } catch (error) {
    return actionError(error);
  }
}
