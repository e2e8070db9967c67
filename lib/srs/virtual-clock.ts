/**
 * ts-fsrs counts elapsed days by UTC calendar date (`dateDiffInDays`) and schedules review cards at
 * `now + N * 24h`. To make it count the student's local days instead, it runs on a virtual clock
 * where local day `d` is the UTC day `d` (1970-01-01 + d) and the time since the local day started
 * becomes the time since that UTC midnight. See docs/decisions/0003-local-days.md.
 */
import { localDayNumber, MS_PER_DAY, startOfLocalDayNumber, type DayRule } from "./local-day";

/**
 * Maps a real instant onto the virtual clock. Local days of 25 h are squeezed into their virtual
 * day (the last hour stays at 23:59:59.999) so an instant never lands on the wrong virtual day;
 * exact minute arithmetic is done on real time, never on virtual time.
 */
export function toVirtualTime(instant: Date, rule: DayRule): Date {
  const dayNumber = localDayNumber(instant, rule.timeZone, rule.dayStartHour);
  const dayStart = startOfLocalDayNumber(dayNumber, rule.timeZone, rule.dayStartHour);
  const sinceDayStart = Math.min(instant.getTime() - dayStart.getTime(), MS_PER_DAY - 1);
  return new Date(dayNumber * MS_PER_DAY + sinceDayStart);
}

/** The local day a virtual instant belongs to. */
export function virtualDayNumber(virtualInstant: Date): number {
  return Math.floor(virtualInstant.getTime() / MS_PER_DAY);
}

/** Real start of the local day that a virtual instant falls on. */
export function realStartOfVirtualDay(virtualInstant: Date, rule: DayRule): Date {
  return startOfLocalDayNumber(virtualDayNumber(virtualInstant), rule.timeZone, rule.dayStartHour);
}
