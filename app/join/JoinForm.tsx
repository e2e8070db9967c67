"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Field, FormAlert, formStyles } from "@/app/_components/forms/Field";
import type { JoinOutcome } from "@/lib/contracts";
import { fieldError, IDLE_ACTION_STATE, type ActionState } from "@/lib/http/action-state";
import { joinClassAction } from "./actions";

/** With `code` (from a join link) the code is fixed and only the button shows; without, the student types it. */
export function JoinForm({ code, display }: { code?: string; display?: string }) {
  const [state, action, pending] = useActionState<ActionState<JoinOutcome>, FormData>(joinClassAction, IDLE_ACTION_STATE);
  if (state.status === "ok") {
    const { class: cls } = state.data;
    return (
      <div className={formStyles.card}>
        <p className={formStyles.notice} role="status">
          {state.message}
        </p>
        <p>
          {cls.name} · {cls.term} · {cls.course.title}
        </p>
        <p>
          <Link className={formStyles.button} href={`/courses/${cls.course.slug}`}>
            Go to the course
          </Link>
        </p>
        <p>
          <Link href="/dashboard">Your dashboard and assignments</Link>
        </p>
      </div>
    );
  }
  const error = state.status === "error" ? state : undefined;
  let message: string | undefined;
  if (error?.code === "too_many_requests") {
    message = `Too many join attempts. Try again in ${Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60))} minutes.`;
  } else if (error?.fields?.code) {
    // Typed codes get the message next to the field; a link's code has no field to show it on.
    message = code ? "This join code is not valid. Check it with your instructor." : undefined;
  } else if (error) {
    message = error.message;
  }
  return (
    <form action={action} className={formStyles.form} noValidate>
      <FormAlert message={message} />
      {code ? (
        <>
          <input type="hidden" name="code" value={code} />
          <p>
            Join code <strong>{display ?? code}</strong>
          </p>
        </>
      ) : (
        <Field
          name="code"
          label="Join code"
          hint="10 letters and digits, like 7KQ4-M2XD-9P. Dashes and case do not matter."
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          required
          defaultValue={error?.values?.code ?? ""}
          error={fieldError(state, "code")}
        />
      )}
      <div>
        <button className={formStyles.button} type="submit" disabled={pending}>
          {pending ? "Joining…" : "Join class"}
        </button>
      </div>
    </form>
  );
}
