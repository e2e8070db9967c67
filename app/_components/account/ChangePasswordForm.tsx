"use client";

import { useActionState, useState, type FormEvent } from "react";
import { changePasswordAction } from "@/app/account/actions";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, changePasswordSchema } from "@/lib/auth/schemas";
import { IDLE_ACTION_STATE, type ActionState } from "@/lib/http/action-state";
import type { FieldErrors } from "@/lib/errors";
import { fieldErrorsOf } from "@/lib/validation";
import { Field, FormAlert, formStyles } from "../forms/Field";

export function ChangePasswordForm() {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(changePasswordAction, IDLE_ACTION_STATE);
  const [clientFields, setClientFields] = useState<FieldErrors | null>(null);

  function validate(event: FormEvent<HTMLFormElement>) {
    const form = new FormData(event.currentTarget);
    const parsed = changePasswordSchema.safeParse({
      currentPassword: form.get("currentPassword"),
      newPassword: form.get("newPassword"),
    });
    setClientFields(parsed.success ? null : fieldErrorsOf(parsed.error));
    if (!parsed.success) event.preventDefault();
  }

  const fields = clientFields ?? (state.status === "error" ? state.fields : undefined) ?? {};
  const alert = !clientFields && state.status === "error" && !state.fields ? state.message : undefined;

  return (
    <form className={formStyles.form} action={formAction} onSubmit={validate} noValidate>
      <FormAlert message={alert} />
      {state.status === "ok" && !clientFields ? (
        <p className={formStyles.notice} role="status">
          {state.message}
        </p>
      ) : null}
      <Field
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        error={fields.currentPassword?.[0]}
      />
      <Field
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        maxLength={PASSWORD_MAX_LENGTH}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        error={fields.newPassword?.[0]}
      />
      <button className={formStyles.button} type="submit" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}
