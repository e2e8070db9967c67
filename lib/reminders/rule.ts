/**
 * Who gets a study reminder at instant `now`: pure (no clock, no database), so the rule can be
 * checked at any instant, across DST changes, in unit tests.
 *
 * - Off unless the student turned reminders on; off after the one-click unsubscribe.
 * - Sent at the student's chosen local hour, read on the wall clock of their zone. The sweep runs
 *   every quarter hour; a sweep that was missed (app down) is made up for within CATCH_UP_HOURS, never
 *   after the local day ends. An hour skipped by a spring-forward change is served by the first hour
 *   after it; an hour repeated by a fall-back change gets one reminder (one per local date).
 * - At most one per local calendar date.
 * - Paused after PAUSE_AFTER_DAYS without a visit; the next visit resumes them.
 * - Nothing when there is nothing to do (see `reminderWorkload`).
 */
import { MS_PER_DAY, MS_PER_HOUR, wallClockMs } from "@/lib/srs/local-day";

export const CATCH_UP_HOURS = 3;
export const PAUSE_AFTER_DAYS = 14;
export const DEFAULT_REMINDER_HOUR = 18;
/** Seconds per card for the "about N minutes" estimate: a due review, and a card not yet learned. */
export const SECONDS_PER_REVIEW = 10;
export const SECONDS_PER_NEW_CARD = 30;
/** Assignments due within this long are mentioned, and make a reminder worth sending. */
export const ASSIGNMENT_HORIZON_MS = 48 * MS_PER_HOUR;

export type ReminderPreference = {
  enabled: boolean;
  hour: number;
  timeZone: string;
  unsubscribedAt: Date | null;
};

export type ReminderSlot =
  | { send: true; localDate: string }
  | { send: false; reason: "off" | "unsubscribed" | "paused" | "not-the-hour" | "sent-today"; localDate: string };

/** The wall-clock date (YYYY-MM-DD) and hour of `now` in `timeZone`. */
export function localClock(now: Date, timeZone: string): { date: string; hour: number } {
  const wall = new Date(wallClockMs(now.getTime(), timeZone));
  return { date: wall.toISOString().slice(0, 10), hour: wall.getUTCHours() };
}

/**
 * Whether a reminder is due at `now`. `lastVisitAt`: the student's last visit (or when they turned
 * reminders on, if later); `lastSentLocalDate`: the local date of their latest reminder.
 */
export function reminderSlot(input: {
  now: Date;
  preference: ReminderPreference;
  lastVisitAt: Date | null;
  lastSentLocalDate: string | null;
}): ReminderSlot {
  const { now, preference } = input;
  const { date, hour } = localClock(now, preference.timeZone);
  if (!preference.enabled) return { send: false, reason: "off", localDate: date };
  if (preference.unsubscribedAt) return { send: false, reason: "unsubscribed", localDate: date };
  if (!input.lastVisitAt || now.getTime() - input.lastVisitAt.getTime() > PAUSE_AFTER_DAYS * MS_PER_DAY) {
    return { send: false, reason: "paused", localDate: date };
  }
  if (hour < preference.hour || hour >= preference.hour + CATCH_UP_HOURS) {
    return { send: false, reason: "not-the-hour", localDate: date };
  }
  if (input.lastSentLocalDate !== null && input.lastSentLocalDate >= date) {
    return { send: false, reason: "sent-today", localDate: date };
  }
  return { send: true, localDate: date };
}

export type AssignmentDueSoon = { title: string; className: string; dueAt: Date; cardsLeft: number };

export type ReminderWorkload = {
  /** Cards in today's queue that were studied before (learning and review). */
  dueCards: number;
  /** Unfinished assignments due within 48 hours. */
  assignments: AssignmentDueSoon[];
};

export type ReminderContent = ReminderWorkload & { assignmentCards: number; minutes: number };

/**
 * What the reminder says, or null when there is nothing to do: no card due and no unfinished
 * assignment due within 48 hours. New cards that no assignment asks for do not make a reminder
 * (nothing is waiting), nor count towards the time it mentions.
 */
export function reminderWorkload(workload: ReminderWorkload): ReminderContent | null {
  if (workload.dueCards === 0 && workload.assignments.length === 0) return null;
  const assignmentCards = workload.assignments.reduce((sum, assignment) => sum + assignment.cardsLeft, 0);
  const seconds = workload.dueCards * SECONDS_PER_REVIEW + assignmentCards * SECONDS_PER_NEW_CARD;
  return { ...workload, assignmentCards, minutes: Math.max(1, Math.ceil(seconds / 60)) };
}
