"use client";

import Link from "next/link";
import { useActionState } from "react";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/schemas";
import { IDLE_ACTION_STATE, fieldError, type ActionState } from "@/lib/http/action-state";
import { Field, FormAlert, formStyles } from "../forms/Field";
import { confirmPasswordResetAction } from "./password-reset-actions";

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(confirmPasswordResetAction, IDLE_ACTION_STATE);
  if (state.status === "ok") {
    return (
      <div className={formStyles.form}>
        <p className={formStyles.notice} role="status">
          {state.message}
        </p>
        <Link className={formStyles.button} href="/signin">
          Sign in
        </Link>
      </div>
    );
  }
  const tokenProblem = fieldError(state, "token");
  const alert = tokenProblem ?? (state.status === "error" && !state.fields ? state.message : undefined);
  return (
    <form className={formStyles.form} action={formAction} noValidate>
      <FormAlert message={alert} />
      {tokenProblem ? (
        <p className={formStyles.footer}>
          <Link href="/forgot-password">Ask for a new link</Link>
        </p>
      ) : null}
      <input type="hidden" name="token" value={token} />
      <Field
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        maxLength={PASSWORD_MAX_LENGTH}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        error={fieldError(state, "password")}
      />
      <button className={formStyles.button} type="submit" disabled={pending}>
        {pending ? "Saving…" : "Set new password"}
      </button>
    </form>
  );
}
