"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { safeCallbackPath } from "@/lib/auth/paths";
import { registerWithThrottle } from "@/lib/accounts/register";
import { issueSessionCookie } from "@/lib/auth/session";
import { actionError, formFields } from "@/lib/http/action-result";
import type { ActionState } from "@/lib/http/action-state";

/**
 * Creates the student account, signs this browser in, and goes where the user was heading; or, when
 * the address must be confirmed first, shows where the confirmation mail went.
 */
export async function signUpAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  const input = formFields(formData);
  let awaitingConfirmation: string | undefined;
  try {
    const { name, email, password } = input;
    const user = await registerWithThrottle({ name, email, password }, await headers());
    if (user.verificationRequired) awaitingConfirmation = user.email;
    else await issueSessionCookie(user);
  } catch (error) {
    return { ...actionError(error), values: { name: input.name ?? "", email: input.email ?? "" } };
  }
  if (awaitingConfirmation) redirect(`/verify-email?sent=${encodeURIComponent(awaitingConfirmation)}`);
  redirect(safeCallbackPath(input.callbackUrl));
}
