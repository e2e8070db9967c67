"use client";

import { useActionState } from "react";
import { Field, FormAlert, formStyles } from "@/app/_components/forms/Field";
import { submitKeepingValues } from "@/app/_components/forms/keep-values";
import { fieldError, IDLE_ACTION_STATE, type ActionState } from "@/lib/http/action-state";
import { createClassAction } from "@/app/teach/actions";
import { TimeZoneSelect } from "@/app/_components/forms/TimeZoneSelect";

export function CreateClassForm({ courses, zones }: { courses: { slug: string; title: string }[]; zones: string[] }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(createClassAction, IDLE_ACTION_STATE);
  const values = state.status === "error" ? (state.values ?? {}) : {};
  return (
    <form action={action} onSubmit={submitKeepingValues(action)} className={formStyles.form} noValidate>
      <FormAlert message={state.status === "error" && !state.fields ? state.message : undefined} />
      <Field name="name" label="Class name" required maxLength={100} defaultValue={values.name ?? ""} error={fieldError(state, "name")} />
      <Field
        name="term"
        label="Term"
        hint="For example Fall 2026."
        required
        maxLength={60}
        defaultValue={values.term ?? ""}
        error={fieldError(state, "term")}
      />
      <div className={formStyles.field}>
        <label className={formStyles.label} htmlFor="field-courseSlug">
          Course
        </label>
        <select
          id="field-courseSlug"
          name="courseSlug"
          className={formStyles.select}
          defaultValue={values.courseSlug ?? courses[0]?.slug}
          aria-invalid={fieldError(state, "courseSlug") ? true : undefined}
        >
          {courses.map((course) => (
            <option key={course.slug} value={course.slug}>
              {course.title}
            </option>
          ))}
        </select>
        {fieldError(state, "courseSlug") ? <p className={formStyles.error}>Course {fieldError(state, "courseSlug")}.</p> : null}
      </div>
      <TimeZoneSelect name="timeZone" label="Time zone" hint="Opening and due times are entered and shown in this zone." zones={zones} defaultValue={values.timeZone ?? "UTC"} detect error={fieldError(state, "timeZone")} />
      <div>
        <button className={formStyles.button} type="submit" disabled={pending || courses.length === 0}>
          {pending ? "Creating…" : "Create class"}
        </button>
      </div>
    </form>
  );
}
