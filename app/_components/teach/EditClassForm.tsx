"use client";

import { useActionState } from "react";
import { Field, FormAlert, formStyles } from "@/app/_components/forms/Field";
import { submitKeepingValues } from "@/app/_components/forms/keep-values";
import { fieldError, IDLE_ACTION_STATE, type ActionState } from "@/lib/http/action-state";
import { updateClassAction } from "@/app/teach/actions";
import { TimeZoneSelect } from "@/app/_components/forms/TimeZoneSelect";

export function EditClassForm({
  classId,
  name,
  term,
  timeZone,
  examDate,
  zones,
}: {
  classId: string;
  name: string;
  term: string;
  timeZone: string;
  examDate: string | null;
  zones: string[];
}) {
  const [state, action, pending] = useActionState<ActionState, FormData>(updateClassAction.bind(null, classId), IDLE_ACTION_STATE);
  const values = state.status === "error" ? (state.values ?? {}) : {};
  return (
    <form action={action} onSubmit={submitKeepingValues(action)} className={formStyles.form} noValidate>
      <FormAlert message={state.status === "error" && !state.fields ? state.message : undefined} />
      {state.status === "ok" ? (
        <p className={formStyles.notice} role="status">
          {state.message}
        </p>
      ) : null}
      <Field name="name" label="Class name" required maxLength={100} defaultValue={values.name ?? name} error={fieldError(state, "name")} />
      <Field name="term" label="Term" required maxLength={60} defaultValue={values.term ?? term} error={fieldError(state, "term")} />
      <TimeZoneSelect name="timeZone" label="Time zone" hint="Opening and due times are entered and shown in this zone." zones={zones} defaultValue={values.timeZone ?? timeZone} error={fieldError(state, "timeZone")} />
      <p className={formStyles.hint}>Changing the zone keeps existing assignments at the same moments.</p>
      <Field
        name="examDate"
        type="date"
        label="Exam date (optional)"
        hint="You and your students see each student's predicted recall on this day. Leave empty for none."
        defaultValue={values.examDate ?? examDate ?? ""}
        error={fieldError(state, "examDate")}
      />
      <div>
        <button className={formStyles.button} type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </button>
      </div>
    </form>
  );
}
