"use client";

import { submitKeepingValues } from "@/app/_components/forms/keep-values";
import { useActionState } from "react";
import { saveSettingsAction } from "@/app/(student)/courses/[slug]/settings/actions";
import { IDLE_ACTION_STATE, type ActionState } from "@/lib/http/action-state";
import type { StudySettingsDto } from "@/lib/contracts";
import { Field, FormAlert, formStyles } from "../forms/Field";
import { TimeZoneSelect } from "@/app/_components/forms/TimeZoneSelect";

/** Friendlier than the schema's wording; the field's label is put in front ("New cards per day must be …"). */
const RANGES: Record<string, string> = {
  desiredRetention: "must be a whole number from 70 to 97",
  newPerDay: "must be a whole number from 0 to 9999",
  reviewsPerDay: "must be a whole number from 0 to 99999",
  dayStartHour: "must be an hour from 0 to 23",
  timeZone: "must be a time zone from the list",
};

export function SettingsForm({
  course,
  settings,
  timeZones,
}: {
  course: string;
  settings: StudySettingsDto;
  timeZones: string[];
}) {
  const [state, formAction, pending] = useActionState<ActionState<StudySettingsDto>, FormData>(
    saveSettingsAction,
    IDLE_ACTION_STATE,
  );
  const error = state.status === "error" ? state : undefined;
  const fields = error?.fields ?? {};
  const fieldError = (name: string) => (fields[name] ? (RANGES[name] ?? fields[name]?.[0]) : undefined);
  const current = state.status === "ok" ? state.data : settings;
  const values = error?.values;
  const value = (name: keyof StudySettingsDto, fallback: string) => values?.[name] ?? fallback;
  const unnamed = error && !error.fields ? error.message : error?.fields?._?.[0];
  const hourError = fieldError("dayStartHour");

  return (
    <form
      className={formStyles.form}
      action={formAction}
      onSubmit={submitKeepingValues(formAction)}
      noValidate
      key={state.status === "ok" ? JSON.stringify(state.data) : "form"}
    >
      <FormAlert message={unnamed} />
      {state.status === "ok" ? (
        <p className={formStyles.notice} role="status">
          {state.message ?? "Saved."}
        </p>
      ) : null}
      <input type="hidden" name="course" value={course} />
      <Field
        name="desiredRetention"
        label="Desired retention (%)"
        type="number"
        inputMode="numeric"
        min={70}
        max={97}
        step={1}
        defaultValue={value("desiredRetention", String(Math.round(current.desiredRetention * 100)))}
        hint="How likely you want to be to remember a card when it comes up. Higher means more reviews."
        error={fieldError("desiredRetention")}
      />
      <Field
        name="newPerDay"
        label="New cards per day"
        type="number"
        inputMode="numeric"
        min={0}
        max={9999}
        defaultValue={value("newPerDay", String(current.newPerDay))}
        error={fieldError("newPerDay")}
      />
      <Field
        name="reviewsPerDay"
        label="Maximum reviews per day"
        type="number"
        inputMode="numeric"
        min={0}
        max={99999}
        defaultValue={value("reviewsPerDay", String(current.reviewsPerDay))}
        error={fieldError("reviewsPerDay")}
      />
      <Field
        name="leechThreshold"
        label="Leech after this many lapses"
        type="number"
        inputMode="numeric"
        min={1}
        max={99}
        defaultValue={value("leechThreshold", String(current.leechThreshold))}
        hint="A card you forget this many times is suspended as a leech, with a notice; you can keep studying it."
        error={fieldError("leechThreshold")}
      />
      <TimeZoneSelect
        name="timeZone"
        label="Time zone"
        zones={timeZones}
        defaultValue={value("timeZone", current.timeZone)}
        error={fieldError("timeZone")}
      />
      <div className={formStyles.field}>
        <label className={formStyles.label} htmlFor="field-dayStartHour">
          New day starts at
        </label>
        <p className={formStyles.hint} id="field-dayStartHour-hint">
          Reviews done after midnight but before this hour count for the day before.
        </p>
        <select
          id="field-dayStartHour"
          name="dayStartHour"
          className={formStyles.select}
          defaultValue={value("dayStartHour", String(current.dayStartHour))}
          aria-invalid={hourError ? true : undefined}
          aria-describedby={hourError ? "field-dayStartHour-hint field-dayStartHour-error" : "field-dayStartHour-hint"}
        >
          {Array.from({ length: 24 }, (_, hour) => (
            <option key={hour} value={hour}>
              {`${String(hour).padStart(2, "0")}:00`}
            </option>
          ))}
        </select>
        {hourError ? (
          <p className={formStyles.error} id="field-dayStartHour-error">
            New day starts at {hourError}.
          </p>
        ) : null}
      </div>
      <button className={formStyles.button} type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save settings"}
      </button>
    </form>
  );
}
