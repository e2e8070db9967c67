import type { RatingName, SrsCardState, SrsRating } from "./card";
import { notBefore } from "./instant";
import { localDayNumber, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, type DayRule } from "./local-day";
import type { SchedulerParams } from "./params";
import { scheduleOutcomes } from "./scheduler";

export interface PreviewOutcome {
  due: Date;
  label: string;
  state: SrsCardState;
}

export type PreviewOutcomes = Record<RatingName, PreviewOutcome>;

const DAYS_PER_MONTH = 365.25 / 12;
const DAYS_PER_YEAR = 365.25;

/**
 * Compact, Anki-like interval label. Each unit is used while its rounded value stays below the
 * next unit, so a label never reads "60m" or "12mo":
 * - under 1 minute: "<1m"
 * - minutes (rounded) below 60: "10m"
 * - hours (rounded) below 24: "1h"
 * - days (rounded) below 14: "2d"
 * - below 60 days: weeks, rounded: "3w"
 * - below 365 days while rounded months (of 365.25/12 days) stay below 12: "4mo"
 * - otherwise years of 365.25 days, one decimal with ".0" dropped: "1y", "1.2y"
 */
export function formatDurationLabel(durationMs: number): string {
  if (!(durationMs >= MS_PER_MINUTE)) return "<1m";
  const minutes = Math.round(durationMs / MS_PER_MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.round(durationMs / MS_PER_HOUR);
  if (hours < 24) return `${hours}h`;
  const days = Math.round(durationMs / MS_PER_DAY);
  if (days < 14) return `${days}d`;
  if (days < 60) return `${Math.round(days / 7)}w`;
  const months = Math.round(days / DAYS_PER_MONTH);
  if (days < 365 && months < 12) return `${months}mo`;
  const years = Math.round((days / DAYS_PER_YEAR) * 10) / 10;
  return `${years}y`;
}

export function formatIntervalLabel(from: Date, to: Date): string {
  return formatDurationLabel(to.getTime() - from.getTime());
}

/**
 * The interval an answer at `answeredAt` gives: review outcomes in local days ("1d" even when
 * answered at 23:00 and due at the next 04:00), (re)learning outcomes in real time until due.
 */
export function outcomeIntervalLabel(answeredAt: Date, next: { state: SrsCardState["state"]; due: Date }, dayRule: DayRule): string {
  if (next.state !== "review") return formatIntervalLabel(answeredAt, next.due);
  const days = localDayNumber(next.due, dayRule.timeZone, dayRule.dayStartHour) - localDayNumber(answeredAt, dayRule.timeZone, dayRule.dayStartHour);
  return formatDurationLabel(days * MS_PER_DAY);
}

/**
 * What each answer would do. Review outcomes are labelled by local days ("1d" even when answered
 * at 23:00 and due at the next 04:00); (re)learning outcomes by real time until due.
 *
 * A preview is a read: the state may have been answered after the reader took `now` (an answer
 * committing while the queue read it), so it previews an answer at `now` or at the state's last
 * review, whichever is later: what an answer given right then would do. It never throws for that.
 */
export function previewOutcomes(
  state: SrsCardState,
  clock: Date,
  params: SchedulerParams,
  dayRule: DayRule,
): PreviewOutcomes {
  const now = notBefore(clock, state.lastReview);
  const outcomes = scheduleOutcomes(state, now, params, dayRule);
  const describe = (rating: SrsRating): PreviewOutcome => {
    const next = outcomes[rating].state;
    return { due: next.due, label: outcomeIntervalLabel(now, next, dayRule), state: next };
  };
  return { again: describe(1), hard: describe(2), good: describe(3), easy: describe(4) };
}
