import { startOfLocalDayNumber } from "./local-day";
import { RetrievabilityEstimator } from "./retrievability";

const DAY_MS = 86_400_000;

/**
 * The moment an exam on `examDate` (`2026-05-14`, a calendar day in the class's zone) is taken to
 * happen: noon that day. Recall is counted in whole local days, so any hour of the day gives the
 * same figure for a student whose day rule matches the class's; noon keeps the exam on the same
 * calendar day for students a few zones away.
 */
export function examMoment(examDate: string, classTimeZone: string): Date {
  const dayNumber = Math.round(Date.parse(`${examDate}T00:00:00Z`) / DAY_MS);
  // The "day" starting at 12:00 is the first instant the wall clock reads noon on that date.
  return startOfLocalDayNumber(dayNumber, classTimeZone, 12);
}

/** One learned card of one student, as stored (current state, no review assumed before the exam). */
export type ForecastCard = { cardId: string; stability: number; lastReview: Date | null };
export type ForecastStudent = { timeZone: string; dayStartHour: number; weights: number[] | null };
export type CardForecast = { cardId: string; recall: number };

/**
 * Predicted recall of each learned card at `at` if the student does not review it before then: the
 * FSRS forgetting curve from the card's current stability over the local days since its last
 * review, under the student's own day rule and weights. Cards never learned are left out (they have
 * no memory to forecast). Pass one estimator for many students: it caches day boundaries.
 */
export function forecastCards(
  cards: ForecastCard[],
  student: ForecastStudent,
  estimator: RetrievabilityEstimator,
): CardForecast[] {
  const out: CardForecast[] = [];
  for (const card of cards) {
    if (!card.lastReview) continue;
    const recall = estimator.recall(card.stability, card.lastReview.getTime(), student.timeZone, student.dayStartHour, student.weights);
    if (recall !== null) out.push({ cardId: card.cardId, recall });
  }
  return out;
}

export type ForecastSummary = { cards: number; meanRecall: number | null; belowTarget: number };

/** Mean predicted recall and how many cards fall below `target` (the student's desired retention). */
export function summarizeForecast(forecasts: readonly { recall: number }[], target: number): ForecastSummary {
  let sum = 0;
  let below = 0;
  for (const { recall } of forecasts) {
    sum += recall;
    if (recall < target) below += 1;
  }
  return { cards: forecasts.length, meanRecall: forecasts.length === 0 ? null : sum / forecasts.length, belowTarget: below };
}
