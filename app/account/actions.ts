"use server";

import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/guards";
import { clearSessionCookie, issueSessionCookie } from "@/lib/auth/session";
import { changePassword, deleteOwnAccount, endAllSessions } from "@/lib/accounts/users";
import { actionError, formFields } from "@/lib/http/action-result";
import type { ActionState } from "@/lib/http/action-state";

export async function changePasswordAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  try {
    const user = await requireUser();
    const { sessionVersion } = await changePassword(user, formFields(formData));
    await issueSessionCookie({ ...user, sessionVersion });
    return { status: "ok", data: undefined, message: "Password changed. Every other device has been signed out." };
  } catch (error) {
    return actionError(error);
  }
}

export async function endAllSessionsAction(): Promise<ActionState> {
  try {
    const user = await requireUser();
    const { sessionVersion } = await endAllSessions(user);
    await issueSessionCookie({ ...user, sessionVersion });
    return { status: "ok", data: undefined, message: "Every other device has been signed out." };
  } catch (error) {
    return actionError(error);
  }
}

export async function deleteAccountAction(_previous: ActionState, formData: FormData): Promise<ActionState> {
  try {
    await deleteOwnAccount(await requireUser(), formFields(formData));
  } catch (error) {
    return actionError(error);
  }
  await clearSessionCookie();
  redirect("/");
}
