"use server";

import { revalidatePath } from "next/cache";
import { requireRole } from "@/lib/auth/guards";
import { setUserRole } from "@/lib/accounts/users";
import type { PublicUser } from "@/lib/contracts";
import { actionError, formFields } from "@/lib/http/action-result";
import type { ActionState } from "@/lib/http/action-state";

export async function setRoleAction(
  _previous: ActionState<PublicUser>,
  formData: FormData,
): Promise<ActionState<PublicUser>> {
  try {
    const admin = await requireRole("admin");
    const user = await setUserRole(admin, formFields(formData));
    revalidatePath("/admin/users");
    return {
      status: "ok",
      data: user,
      message: `${user.email} is now ${user.role === "admin" ? "an admin" : `a ${user.role}`}.`,
    };
  } catch (error) {
    return actionError(error);
  }
}
