"use client";

import Link from "next/link";
import { useActionState } from "react";
import { IDLE_ACTION_STATE, fieldError, type ActionState } from "@/lib/http/action-state";
import { FormAlert, formStyles } from "../forms/Field";
import { EmailLinkRequestForm } from "./ForgotPasswordForm";
import { confirmEmailVerificationAction, resendVerificationAction } from "./email-verification-actions";

/** The link's page confirms on a button press, not on load, so mail scanners that fetch links spend nothing. */
export function VerifyEmailForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(confirmEmailVerificationAction, IDLE_ACTION_STATE);
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
  if (tokenProblem) {
    return (
      <>
        <FormAlert message={tokenProblem} />
        <ResendVerificationForm />
      </>
    );
  }
  return (
    <form className={formStyles.form} action={formAction} noValidate>
      <FormAlert message={state.status === "error" ? state.message : undefined} />
      <input type="hidden" name="token" value={token} />
      <button className={formStyles.button} type="submit" disabled={pending}>
        {pending ? "Confirming…" : "Confirm my email address"}
      </button>
    </form>
  );
}

export function ResendVerificationForm({ email }: { email?: string }) {
  return (
    <EmailLinkRequestForm action={resendVerificationAction} submitLabel="Send me a new link" footer="Already confirmed?" defaultEmail={email} />
  );
}
