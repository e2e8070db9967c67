"use client";

import { useActionState } from "react";
import { refitMemoryModelAction } from "@/app/teach/actions";
import { IDLE_ACTION_STATE, type ActionState } from "@/lib/http/action-state";
import { FormAlert, formStyles } from "../forms/Field";

/** "Refit now": queues a memory-model run for the class's course (it also runs nightly). */
export function RefitButton({ classId }: { classId: string }) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(() => refitMemoryModelAction(classId), IDLE_ACTION_STATE);
  return (
    <form action={formAction}>
      <FormAlert message={state.status === "error" ? state.message : undefined} />
      {state.status === "ok" ? (
        <p className={formStyles.notice} role="status">
          {state.message}
        </p>
      ) : (
        <button className={formStyles.secondaryButton} type="submit" disabled={pending}>
          {pending ? "Queueing…" : "Refit now"}
        </button>
      )}
    </form>
  );
}
