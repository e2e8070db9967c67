"use server";

import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/auth/guards";
import { actionError, formFields } from "@/lib/http/action-result";
import type { ActionState } from "@/lib/http/action-state";
import { applyCardAction } from "@/lib/review/card-actions";
import type { CardStateDto } from "@/lib/contracts";

/** Suspend, unsuspend or (confirmed) reset one of the student's cards from its info page. */
export async function cardAction(_previous: ActionState<CardStateDto>, formData: FormData): Promise<ActionState<CardStateDto>> {
  const fields = formFields(formData);
  try {
    const user = await requireUser();
    if (fields.action === "reset" && fields.confirm !== "yes") {
      return {
        status: "error",
        code: "validation",
        message: "Tick the box to confirm the reset: it starts the card over as new.",
        fields: { confirm: ["must be ticked to reset"] },
        values: fields,
      };
    }
    const card = await applyCardAction(user, { cardId: fields.cardId, action: fields.action }, new Date());
    revalidatePath(`/courses/${fields.course ?? ""}/cards`, "layout");
    const message = fields.action === "reset" ? "Card reset: it is new again." : card.suspended ? "Card suspended." : "Card unsuspended: it comes up when it is due.";
    return { status: "ok", data: card, message };
  } catch (error) {
    return { ...actionError(error), values: fields };
  }
}
