"use server";

import { headers } from "next/headers";
import { requireUser } from "@/lib/auth/guards";
import { joinClass } from "@/lib/classes/classes";
import type { JoinOutcome } from "@/lib/contracts";
import { actionError, formFields } from "@/lib/http/action-result";
import type { ActionState } from "@/lib/http/action-state";
import { clientIp } from "@/lib/http/client-ip";

export async function joinClassAction(_previous: ActionState<JoinOutcome>, formData: FormData): Promise<ActionState<JoinOutcome>> {
  const values = formFields(formData);
  try {
    const user = await requireUser();
    const outcome = await joinClass(user, { code: values.code ?? "" }, clientIp(await headers()), new Date());
    return {
      status: "ok",
      data: outcome,
      message: outcome.alreadyEnrolled ? `You are already in ${outcome.class.name}.` : `You joined ${outcome.class.name}.`,
    };
  } catch (error) {
    return { ...actionError(error), values };
  }
}
