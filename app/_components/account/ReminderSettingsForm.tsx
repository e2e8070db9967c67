"use client";

import { useActionState, useEffect, useState } from "react";
import { saveReminderSettingsAction } from "@/app/account/actions";
import { TimeZoneSelect } from "@/app/_components/forms/TimeZoneSelect";
import { IDLE_ACTION_STATE, fieldError, type ActionState } from "@/lib/http/action-state";
import type { ReminderSettingsDto } from "@/lib/contracts";
import { FormAlert, formStyles } from "../forms/Field";

const hourLabel = (hour: number) => `${String(hour).padStart(2, "0")}:00`;

/** On/off, the local hour and the zone of the daily study reminder (account page and the after-session suggestion). */
export function ReminderSettingsForm({
  settings,
  timeZones,
  suggest = false,
}: {
  settings: ReminderSettingsDto;
  /** The zone picker's choices (unused by the suggestion). */
  timeZones: string[];
  /** The after-session suggestion: one "Remind me" button that turns them on at the shown hour. */
  suggest?: boolean;
}) {
  const [state, formAction, pending] = useActionState<ActionState<ReminderSettingsDto>, FormData>(saveReminderSettingsAction, IDLE_ACTION_STATE);
  const current = state.status === "ok" ? state.data : settings;
  const hourError = fieldError(state, "hour");
  const alert = state.status === "error" && !state.fields ? state.message : undefined;
  // The suggestion has no zone picker: it takes the browser's zone (the account page can change it).
  const [browserZone, setBrowserZone] = useState(current.timeZone);
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the browser's zone is only known after hydration
    if (suggest && zone) setBrowserZone(zone);
  }, [suggest]);

  return (
    <form className={formStyles.form} action={formAction} noValidate key={state.status === "ok" ? JSON.stringify(state.data) : "form"}>
      <FormAlert message={alert} />
      {state.status === "ok" ? (
        <p className={formStyles.notice} role="status">
          {state.message}
        </p>
      ) : null}
      {!suggest ? (
        <p className={formStyles.hint}>
          One email a day at the hour you choose, only when cards are due or an assignment is due within 48 hours, saying how many and
          about how long it will take. They pause by themselves after {current.pausedAfterDays} days without a visit.
          {current.unsubscribedAt ? " You unsubscribed from the email; turning reminders on again resumes them." : ""}
        </p>
      ) : null}
      {suggest ? null : (
        <label className={formStyles.checkbox}>
          <input type="checkbox" name="enabled" defaultChecked={current.enabled} /> Email me a daily study reminder
        </label>
      )}
      <div className={formStyles.field}>
        <label className={formStyles.label} htmlFor="field-reminder-hour">
          At
        </label>
        <select
          id="field-reminder-hour"
          name="hour"
          className={formStyles.select}
          defaultValue={String(current.hour)}
          aria-invalid={hourError ? true : undefined}
        >
          {Array.from({ length: 24 }, (_, hour) => (
            <option key={hour} value={hour}>
              {hourLabel(hour)}
            </option>
          ))}
        </select>
        {hourError ? <p className={formStyles.error}>Hour {hourError}.</p> : null}
      </div>
      {suggest ? (
        <input type="hidden" name="timeZone" value={browserZone} />
      ) : (
        <TimeZoneSelect
          name="timeZone"
          label="Time zone"
          zones={timeZones}
          defaultValue={current.timeZone}
          detect={!current.chosen}
          error={fieldError(state, "timeZone")}
        />
      )}
      {suggest ? (
        <div className={formStyles.buttonRow}>
          <button className={formStyles.button} type="submit" name="enabled" value="on" disabled={pending}>
            Remind me
          </button>
          <button className={formStyles.secondaryButton} type="submit" name="enabled" value="off" disabled={pending}>
            No thanks
          </button>
        </div>
      ) : (
        <button className={formStyles.button} type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save reminders"}
        </button>
      )}
    </form>
  );
}
