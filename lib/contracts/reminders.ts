/** A user's study-reminder settings, as `GET /api/me/reminders` and the account page show them. */
export type ReminderSettingsDto = {
  enabled: boolean;
  hour: number;
  timeZone: string;
  /** False until the student has saved a choice (the suggestion after a first session shows until then). */
  chosen: boolean;
  unsubscribedAt: string | null;
  /** Reminders pause after two weeks without a visit; any visit resumes them. */
  pausedAfterDays: number;
  lastSentAt: string | null;
};
