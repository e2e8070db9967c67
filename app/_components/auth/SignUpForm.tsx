"use client";

import Link from "next/link";
import { useActionState, useState, type FormEvent } from "react";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, signUpSchema } from "@/lib/auth/schemas";
import { describeWait } from "@/lib/auth/client-sign-in";
import { IDLE_ACTION_STATE, type ActionState } from "@/lib/http/action-state";
import type { FieldErrors } from "@/lib/errors";
import { fieldErrorsOf } from "@/lib/validation";
import { signUpAction } from "@/app/signup/actions";
import { Field, FormAlert, formStyles } from "../forms/Field";

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, pending] = useActionState<ActionState, FormData>(signUpAction, IDLE_ACTION_STATE);
  const [clientFields, setClientFields] = useState<FieldErrors | null>(null);

  // The same schema as the server, so most mistakes show before a round trip.
  function validate(event: FormEvent<HTMLFormElement>) {
    const form = new FormData(event.currentTarget);
    const parsed = signUpSchema.safeParse({
      name: form.get("name"),
      email: form.get("email"),
      password: form.get("password"),
    });
    if (parsed.success) {
      setClientFields(null);
      return;
    }
    event.preventDefault();
    setClientFields(fieldErrorsOf(parsed.error));
  }

  const serverError = state.status === "error" ? state : undefined;
  const fields = clientFields ?? serverError?.fields ?? {};
  const alert =
    !clientFields && serverError && !serverError.fields
      ? serverError.retryAfterSeconds
        ? `Too many sign-ups from this network. Try again ${describeWait(serverError.retryAfterSeconds)}.`
        : serverError.message
      : undefined;
  const values = serverError?.values ?? {};

  return (
    <form className={formStyles.form} action={formAction} onSubmit={validate} noValidate>
      <FormAlert message={alert} />
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field
        name="name"
        label="Name"
        autoComplete="name"
        required
        maxLength={100}
        defaultValue={values.name}
        error={fields.name?.[0]}
      />
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        inputMode="email"
        required
        defaultValue={values.email}
        error={fields.email?.[0]}
      />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        maxLength={PASSWORD_MAX_LENGTH}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a strong one.`}
        error={fields.password?.[0]}
      />
      <button className={formStyles.button} type="submit" disabled={pending}>
        {pending ? "Creating your account…" : "Create account"}
      </button>
      <p className={formStyles.footer}>
        Already have an account?{" "}
        <Link href={`/signin${callbackUrl === "/" ? "" : `?callbackUrl=${encodeURIComponent(callbackUrl)}`}`}>
          Sign in
        </Link>
      </p>
    </form>
  );
}
