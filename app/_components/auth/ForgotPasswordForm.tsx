"use client";

import Link from "next/link";
import { useActionState } from "react";
import { IDLE_ACTION_STATE, fieldError, type ActionState } from "@/lib/http/action-state";
import { Field, FormAlert, formStyles } from "../forms/Field";
import { requestPasswordResetAction } from "./password-reset-actions";

export function ForgotPasswordForm() {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(requestPasswordResetAction, IDLE_ACTION_STATE);
  if (state.status === "ok") {
    return (
      <div className={formStyles.form}>
        <p className={formStyles.notice} role="status">
          {state.message}
        </p>
        <p className={formStyles.footer}>
          <Link href="/signin">Back to sign in</Link>
        </p>
      </div>
    );
  }
  const alert = state.status === "error" && !state.fields ? state.message : undefined;
  return (
    <form className={formStyles.form} action={formAction} noValidate>
      <FormAlert message={alert} />
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        inputMode="email"
        required
        defaultValue={state.status === "error" ? state.values?.email : undefined}
        error={fieldError(state, "email")}
      />
      <button className={formStyles.button} type="submit" disabled={pending}>
        {pending ? "Sending…" : "Email me a reset link"}
      </button>
      <p className={formStyles.footer}>
        Remembered it? <Link href="/signin">Sign in</Link>
      </p>
    </form>
  );
}
