import { isSrsRating, newCardState, type SrsCardState, type SrsRating, type SrsResetLog } from "./card";
import type { DayRule } from "./local-day";
import type { SchedulerParams } from "./params";
import { assertValidInstant, scheduleOutcomes, type SrsOutcome } from "./scheduler";

export type AnswerResult = SrsOutcome;

export function answerCard(
  state: SrsCardState,
  rating: SrsRating,
  now: Date,
  params: SchedulerParams,
  dayRule: DayRule,
): AnswerResult {
  if (!isSrsRating(rating)) throw new RangeError(`Rating must be 1 (Again) to 4 (Easy), got ${String(rating)}`);
  return scheduleOutcomes(state, now, params, dayRule)[rating];
}

/** Manual reset ("forget"): the card starts over as new, review and lapse counts included. */
export function resetCard(now: Date): SrsCardState {
  assertValidInstant(now, "now");
  return newCardState(now);
}

/** The log row for a reset, describing the card as it was (ts-fsrs `forget` with rating Manual). */
export function buildResetLog(before: SrsCardState, now: Date): SrsResetLog {
  assertValidInstant(now, "now");
  return {
    rating: 0,
    state: before.state,
    due: new Date(before.due),
    stability: before.stability,
    difficulty: before.difficulty,
    elapsedDays: 0,
    lastElapsedDays: before.elapsedDays,
    scheduledDays: before.scheduledDays,
    learningSteps: before.learningSteps,
    review: new Date(now),
  };
}
