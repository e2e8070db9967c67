"use client";

import { useActionState } from "react";
import { Field, FormAlert, formStyles } from "@/app/_components/forms/Field";
import type { InstructorDto } from "@/lib/contracts";
import { fieldError, IDLE_ACTION_STATE, type ActionState } from "@/lib/http/action-state";
import { addCoInstructorAction } from "@/app/teach/actions";

export function CoInstructorForm({ classId }: { classId: string }) {
  const [state, action, pending] = useActionState<ActionState<InstructorDto>, FormData>(
    addCoInstructorAction.bind(null, classId),
    IDLE_ACTION_STATE,
  );
  const values = state.status === "error" ? (state.values ?? {}) : {};
  return (
    <form action={action} className={formStyles.form} noValidate>
      <FormAlert message={state.status === "error" && !state.fields ? state.message : undefined} />
      {state.status === "ok" ? (
        <p className={formStyles.notice} role="status">
          {state.message}
        </p>
      ) : null}
      <Field
        name="email"
        label="Instructor's email"
        hint="They need an instructor account already."
        type="email"
        autoComplete="off"
        required
        defaultValue={values.email ?? ""}
        error={fieldError(state, "email")}
      />
      <div>
        <button className={formStyles.secondaryButton} type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add co-instructor"}
        </button>
      </div>
    </form>
  );
}
