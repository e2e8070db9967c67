"use client";

import { useActionState } from "react";
import { endAllSessionsAction } from "@/app/account/actions";
import { IDLE_ACTION_STATE, type ActionState } from "@/lib/http/action-state";
import { FormAlert, formStyles } from "../forms/Field";

export function EndSessionsButton() {
  const [state, formAction, pending] = useActionState<ActionState>(endAllSessionsAction, IDLE_ACTION_STATE);
  return (
    <form className={formStyles.form} action={formAction}>
      <FormAlert message={state.status === "error" ? state.message : undefined} />
      {state.status === "ok" ? (
        <p className={formStyles.notice} role="status">
          {state.message}
        </p>
      ) : null}
      <button className={formStyles.secondaryButton} type="submit" disabled={pending}>
        Sign out everywhere else
      </button>
    </form>
  );
}
