"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { describeWait, signInWithPassword } from "@/lib/auth/client-sign-in";
import { signInSchema } from "@/lib/auth/schemas";
import type { FieldErrors } from "@/lib/errors";
import { fieldErrorsOf } from "@/lib/validation";
import { Field, FormAlert, formStyles } from "../forms/Field";

export function SignInForm({ callbackUrl, initialError }: { callbackUrl: string; initialError?: string }) {
  const [fields, setFields] = useState<FieldErrors>({});
  const [alert, setAlert] = useState<string | undefined>(initialError);
  const [pending, setPending] = useState(false);
  /** Set when the password was right but the address is not confirmed yet: offers a new link. */
  const [unconfirmedEmail, setUnconfirmedEmail] = useState<string | undefined>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = signInSchema.safeParse({ email: form.get("email"), password: form.get("password") });
    if (!parsed.success) {
      setFields(fieldErrorsOf(parsed.error));
      setAlert(undefined);
      return;
    }
    setFields({});
    setAlert(undefined);
    setPending(true);
    const outcome = await signInWithPassword({ ...parsed.data, callbackUrl });
    if (outcome.ok) {
      // A full load, so every server component renders with the new session.
      window.location.assign(outcome.path);
      return;
    }
    setPending(false);
    setUnconfirmedEmail(outcome.code === "email_not_verified" ? parsed.data.email : undefined);
    setAlert(
      outcome.status === 429 && outcome.retryAfterSeconds
        ? `Too many attempts. Try again ${describeWait(outcome.retryAfterSeconds)}.`
        : outcome.message,
    );
  }

  return (
    <form
      className={formStyles.form}
      onSubmit={submit}
      noValidate
      aria-describedby={alert ? "signin-alert" : undefined}
    >
      <div id="signin-alert">
        <FormAlert message={alert} />
        {unconfirmedEmail ? (
          <p className={formStyles.footer}>
            <Link href={`/verify-email?email=${encodeURIComponent(unconfirmedEmail)}`}>Send me a new confirmation link</Link>
          </p>
        ) : null}
      </div>
      <Field
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        inputMode="email"
        required
        error={fields.email?.[0]}
      />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        error={fields.password?.[0]}
      />
      <p className={formStyles.footer}>
        <Link href="/forgot-password">Forgot password?</Link>
      </p>
      <button className={formStyles.button} type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
      <p className={formStyles.footer}>
        New to Retain?{" "}
        <Link href={`/signup${callbackUrl === "/" ? "" : `?callbackUrl=${encodeURIComponent(callbackUrl)}`}`}>
          Create an account
        </Link>
      </p>
    </form>
  );
}
