"use client";

import { useActionState } from "react";
import { nudgeStudentsAction } from "@/app/teach/actions";
import { IDLE_ACTION_STATE, type ActionState } from "@/lib/http/action-state";
import { FormAlert, formStyles } from "../forms/Field";

/** "Remind students who are behind": once a day per assignment (the server enforces it too). */
export function NudgeButton({
  classId,
  assignmentId,
  behind,
  nextAllowedAt,
}: {
  classId: string;
  assignmentId: string;
  behind: number;
  nextAllowedAt: string | null;
}) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(
    () => nudgeStudentsAction(classId, assignmentId),
    IDLE_ACTION_STATE,
  );
  if (behind === 0) return null;
  return (
    <form action={formAction}>
      <FormAlert message={state.status === "error" ? state.message : undefined} />
      {state.status === "ok" ? (
        <p className={formStyles.notice} role="status">
          {state.message}
        </p>
      ) : nextAllowedAt ? (
        <p className={formStyles.hint}>Students were reminded in the last day; you can remind them again from {nextAllowedAt}.</p>
      ) : (
        <button className={formStyles.secondaryButton} type="submit" disabled={pending}>
          {pending ? "Sending…" : `Remind the ${behind} student${behind === 1 ? "" : "s"} who are behind`}
        </button>
      )}
    </form>
  );
}
