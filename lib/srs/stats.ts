import { forgetting_curve } from "ts-fsrs";
import type { SrsCardState, SrsReviewLog, SrsState } from "./card";
import { localDayNumber, startOfLocalDayNumber, type DayRule } from "./local-day";
import { effectiveWeights, type SchedulerParams } from "./params";
import { assertValidInstant } from "./scheduler";

export interface StatsCard extends Pick<SrsCardState, "state" | "due" | "stability" | "lastReview"> {
  readonly suspended: boolean;
}

export type StateCounts = Record<SrsState, number> & { suspended: number; total: number };

/** Suspended cards are counted once, under `suspended`, not under their state (as Anki does). */
export function countCardsByState(cards: readonly Pick<StatsCard, "state" | "suspended">[]): StateCounts {
  const counts: StateCounts = { new: 0, learning: 0, review: 0, relearning: 0, suspended: 0, total: cards.length };
  for (const card of cards) {
    if (card.suspended) counts.suspended += 1;
    else counts[card.state] += 1;
  }
  return counts;
}

export const FORECAST_DAYS = 30;

export interface DueForecast {
  /** Studied, unsuspended cards due by the end of today, overdue ones included (= forecast[0]). */
  readonly dueToday: number;
  /** Cards due on each local day starting today; entry 0 includes overdue cards. */
  readonly forecast: readonly number[];
}

export function dueForecast(
  cards: readonly Pick<StatsCard, "state" | "due" | "suspended">[],
  now: Date,
  dayRule: DayRule,
  days: number = FORECAST_DAYS,
): DueForecast {
  assertValidInstant(now, "now");
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`days must be a positive integer, got ${days}`);
  const today = localDayNumber(now, dayRule.timeZone, dayRule.dayStartHour);
  // dayEnds[i] is the exclusive end of day today+i; bucketing against it avoids per-card Intl calls.
  const dayEnds = Array.from({ length: days }, (_, offset) =>
    startOfLocalDayNumber(today + offset + 1, dayRule.timeZone, dayRule.dayStartHour).getTime(),
  );
  const forecast = new Array<number>(days).fill(0);
  for (const card of cards) {
    if (card.suspended || card.state === "new") continue;
    const bucket = firstIndexAbove(dayEnds, card.due.getTime());
    if (bucket < days) forecast[bucket] = (forecast[bucket] ?? 0) + 1;
  }
  return { dueToday: forecast[0] ?? 0, forecast };
}

/** Index of the first element greater than `value` in an ascending array (its length if none). */
function firstIndexAbove(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((sorted[mid] ?? Number.POSITIVE_INFINITY) > value) high = mid;
    else low = mid + 1;
  }
  return low;
}

export interface TrueRetention {
  /** Answers given to cards in the review state within the window. */
  readonly reviewed: number;
  /** Of those, answers other than Again. */
  readonly passed: number;
  /** passed / reviewed, or null when nothing was reviewed. */
  readonly retention: number | null;
}

export const RETENTION_WINDOW_DAYS = 30;

export type RetentionLog = Pick<SrsReviewLog, "state" | "review"> & { readonly rating: number };

/** Over today and the previous `days - 1` local days. Reset logs (rating 0) are ignored. */
export function trueRetention(
  logs: readonly RetentionLog[],
  now: Date,
  dayRule: DayRule,
  days: number = RETENTION_WINDOW_DAYS,
): TrueRetention {
  assertValidInstant(now, "now");
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`days must be a positive integer, got ${days}`);
  const today = localDayNumber(now, dayRule.timeZone, dayRule.dayStartHour);
  const windowStart = startOfLocalDayNumber(today - days + 1, dayRule.timeZone, dayRule.dayStartHour).getTime();
  const windowEnd = startOfLocalDayNumber(today + 1, dayRule.timeZone, dayRule.dayStartHour).getTime();
  let reviewed = 0;
  let passed = 0;
  for (const log of logs) {
    const at = log.review.getTime();
    if (log.state !== "review" || log.rating < 1 || at < windowStart || at >= windowEnd) continue;
    reviewed += 1;
    if (log.rating !== 1) passed += 1;
  }
  return { reviewed, passed, retention: reviewed === 0 ? null : passed / reviewed };
}

export interface MeanRetrievability {
  /** Unsuspended cards that have been studied (state other than new). */
  readonly cards: number;
  /** Mean predicted recall probability now, or null when there are no such cards. */
  readonly mean: number | null;
}

/**
 * One card's predicted recall probability now (FSRS forgetting curve over elapsed local days), or
 * null for a card never studied.
 */
export function retrievability(
  card: Pick<StatsCard, "state" | "lastReview" | "stability">,
  now: Date,
  params: SchedulerParams,
  dayRule: DayRule,
): number | null {
  assertValidInstant(now, "now");
  if (card.state === "new" || card.lastReview === null || !(card.stability > 0)) return null;
  const today = localDayNumber(now, dayRule.timeZone, dayRule.dayStartHour);
  const reviewedDay = localDayNumber(card.lastReview, dayRule.timeZone, dayRule.dayStartHour);
  return forgetting_curve(effectiveWeights(params), Math.max(0, today - reviewedDay), card.stability);
}

/**
 * Uses the FSRS forgetting curve with elapsed local days, the same day count the scheduler uses
 * (ts-fsrs `get_retrievability` would count 24 h periods instead).
 */
export function meanRetrievability(
  cards: readonly StatsCard[],
  now: Date,
  params: SchedulerParams,
  dayRule: DayRule,
): MeanRetrievability {
  assertValidInstant(now, "now");
  let count = 0;
  let sum = 0;
  for (const card of cards) {
    if (card.suspended) continue;
    const recall = retrievability(card, now, params, dayRule);
    if (recall === null) continue;
    sum += recall;
    count += 1;
  }
  return { cards: count, mean: count === 0 ? null : sum / count };
}
