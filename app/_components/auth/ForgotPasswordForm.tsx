"use client";

import Link from "next/link";
import { useActionState } from "react";
import { IDLE_ACTION_STATE, fieldError, type ActionState } from "@/lib/http/action-state";
import { Field, FormAlert, formStyles } from "../forms/Field";
import { requestPasswordResetAction } from "./password-reset-actions";

export function ForgotPasswordForm() {
  return <EmailLinkRequestForm action={requestPasswordResetAction} submitLabel="Email me a reset link" footer="Remembered it?" />;
}

type LinkRequestAction = (previous: ActionState, formData: FormData) => Promise<ActionState>;

/** "Mail me a link" (password reset, address confirmation): one email field; the same answer for every address. */
export function EmailLinkRequestForm({
  action,
  submitLabel,
  footer,
  defaultEmail,
}: {
  action: LinkRequestAction;
  submitLabel: string;
  footer: string;
  defaultEmail?: string;
}) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(action, IDLE_ACTION_STATE);
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
        defaultValue={state.status === "error" ? state.values?.email : defaultEmail}
        error={fieldError(state, "email")}
      />
      <button className={formStyles.button} type="submit" disabled={pending}>
        {pending ? "Sending…" : submitLabel}
      </button>
      <p className={formStyles.footer}>
        {footer} <Link href="/signin">Sign in</Link>
      </p>
    </form>
  );
}
