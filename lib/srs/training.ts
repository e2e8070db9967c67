import { localDayNumber, type DayRule } from "./local-day";
import { isSrsRating, type SrsRating } from "./card";

/**
 * Training data for the FSRS optimizer, taken from the review log the way the scheduler reads it:
 * standing answers only (undone ones are out), a reset starts the card's history afresh, and the
 * days between reviews are the student's own local days (local-day.ts), the count ts-fsrs gets when
 * it schedules. Pure: the optimizer itself runs server-side (lib/memory-model).
 */

/** One row of ReviewLog as the extraction needs it. */
export interface TrainingLogEntry {
  readonly cardId: string;
  readonly kind: "answer" | "reset";
  /** 1-4 for an answer; ignored for a reset. */
  readonly rating: number;
  readonly reviewedAt: Date;
  readonly undone: boolean;
}

export interface TrainingReview {
  readonly rating: SrsRating;
  /** Local days since the previous review of this history; 0 for the first. */
  readonly deltaT: number;
}

/**
 * What the optimizer learns from: one review (the last) with every earlier review of the same card
 * since its last reset. Only reviews on a later local day than the one before become an item, the
 * forgetting curve's business; same-day (learning-step) reviews stay in the history they shape.
 */
export interface TrainingItem {
  readonly cardId: string;
  readonly reviews: readonly TrainingReview[];
  /** When the item's last review happened: time-series splits order items by it. */
  readonly reviewedAt: Date;
}

/** Each card's standing answers since its last reset, as (rating, local-day delta) sequences. */
export function standingHistories(logs: readonly TrainingLogEntry[], dayRule: DayRule): Map<string, { reviews: TrainingReview[]; times: Date[] }> {
  const ordered = logs
    .map((log, index) => ({ log, index }))
    .filter(({ log }) => !log.undone)
    .sort((a, b) => a.log.reviewedAt.getTime() - b.log.reviewedAt.getTime() || a.index - b.index);
  const histories = new Map<string, { reviews: TrainingReview[]; times: Date[]; lastDay: number }>();
  for (const { log } of ordered) {
    if (log.kind === "reset") {
      histories.delete(log.cardId);
      continue;
    }
    if (!isSrsRating(log.rating)) continue;
    const day = localDayNumber(log.reviewedAt, dayRule.timeZone, dayRule.dayStartHour);
    const history = histories.get(log.cardId);
    if (!history) {
      histories.set(log.cardId, { reviews: [{ rating: log.rating, deltaT: 0 }], times: [log.reviewedAt], lastDay: day });
      continue;
    }
    history.reviews.push({ rating: log.rating, deltaT: day - history.lastDay });
    history.times.push(log.reviewedAt);
    history.lastDay = day;
  }
  return new Map([...histories].map(([cardId, { reviews, times }]) => [cardId, { reviews, times }]));
}

/** One student's training items in one course, oldest first (the order time-series splits need). */
export function trainingItems(logs: readonly TrainingLogEntry[], dayRule: DayRule): TrainingItem[] {
  const items: TrainingItem[] = [];
  for (const [cardId, { reviews, times }] of standingHistories(logs, dayRule)) {
    for (let index = 1; index < reviews.length; index += 1) {
      if (reviews[index]!.deltaT <= 0) continue;
      items.push({ cardId, reviews: reviews.slice(0, index + 1), reviewedAt: times[index]! });
    }
  }
  return items.sort((a, b) => a.reviewedAt.getTime() - b.reviewedAt.getTime() || (a.cardId < b.cardId ? -1 : a.cardId > b.cardId ? 1 : 0));
}

/**
 * Consecutive time-ordered folds for a time-series split: fold k is tested with what came before
 * it. Items must already be oldest first. Returns `folds` test ranges [start, end) after the first chunk.
 */
export function timeSeriesFolds(count: number, folds: number): { trainEnd: number; testStart: number; testEnd: number }[] {
  if (!Number.isInteger(folds) || folds < 1) throw new RangeError(`folds must be a positive integer, got ${folds}`);
  const chunk = count / (folds + 1);
  const ranges: { trainEnd: number; testStart: number; testEnd: number }[] = [];
  for (let fold = 1; fold <= folds; fold += 1) {
    const testStart = Math.round(chunk * fold);
    const testEnd = Math.round(chunk * (fold + 1));
    if (testStart > 0 && testEnd > testStart) ranges.push({ trainEnd: testStart, testStart, testEnd });
  }
  return ranges;
}
