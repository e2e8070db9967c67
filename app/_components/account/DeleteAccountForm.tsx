"use client";

import { useActionState } from "react";
import { deleteAccountAction } from "@/app/account/actions";
import { IDLE_ACTION_STATE, type ActionState } from "@/lib/http/action-state";
import { Field, FormAlert, formStyles } from "../forms/Field";

export function DeleteAccountForm() {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(deleteAccountAction, IDLE_ACTION_STATE);
  const error = state.status === "error" ? state : undefined;
  return (
    <form className={formStyles.form} action={formAction}>
      <FormAlert message={error && !error.fields ? error.message : undefined} />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        hint="Type your password to confirm. This cannot be undone."
        error={error?.fields?.password?.[0]}
      />
      <button className={formStyles.dangerButton} type="submit" disabled={pending}>
        {pending ? "Deleting…" : "Delete my account and data"}
      </button>
    </form>
  );
}
