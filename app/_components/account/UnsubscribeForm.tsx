"use client";

import { useActionState } from "react";
import { unsubscribeAction } from "@/app/unsubscribe/actions";
import { IDLE_ACTION_STATE, type ActionState } from "@/lib/http/action-state";
import { FormAlert, formStyles } from "../forms/Field";

/** A button, not an action on load: mail scanners open links, and opening one must not unsubscribe. */
export function UnsubscribeForm({ userId, token }: { userId: string; token: string }) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(unsubscribeAction, IDLE_ACTION_STATE);
  if (state.status === "ok") {
    return (
      <p className={formStyles.notice} role="status">
        {state.message}
      </p>
    );
  }
  return (
    <form className={formStyles.form} action={formAction}>
      <FormAlert message={state.status === "error" ? state.message : undefined} />
      <input type="hidden" name="u" value={userId} />
      <input type="hidden" name="t" value={token} />
      <button className={formStyles.button} type="submit" disabled={pending}>
        {pending ? "Unsubscribing…" : "Stop reminder emails"}
      </button>
    </form>
  );
}
