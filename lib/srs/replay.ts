import { answerCard, resetCard } from "./answer";
import { newCardState, type SrsCardState, type SrsRating } from "./card";
import type { DayRule } from "./local-day";
import type { SchedulerParams } from "./params";
import { assertValidInstant } from "./scheduler";

export type ReviewEvent =
  | { readonly kind: "answer"; readonly rating: SrsRating; readonly reviewedAt: Date }
  | { readonly kind: "reset"; readonly reviewedAt: Date };

export class UnorderedReviewEventsError extends Error {
  constructor(readonly index: number) {
    super(`Review event ${index} is earlier than the event before it; events must be in reviewedAt order`);
    this.name = "UnorderedReviewEventsError";
  }
}

/**
 * Rebuilds a card's state from its history (undone events already removed by the caller), e.g.
 * after an undo or a parameter change. Returns null for an empty history: the card was never
 * studied and has no state row.
 */
export function replayReviews(
  events: readonly ReviewEvent[],
  params: SchedulerParams,
  dayRule: DayRule,
): SrsCardState | null {
  let state: SrsCardState | null = null;
  let previousAt = Number.NEGATIVE_INFINITY;
  for (const [index, event] of events.entries()) {
    assertValidInstant(event.reviewedAt, `events[${index}].reviewedAt`);
    if (event.reviewedAt.getTime() < previousAt) throw new UnorderedReviewEventsError(index);
    previousAt = event.reviewedAt.getTime();
    state =
      event.kind === "reset"
        ? resetCard(event.reviewedAt)
        : answerCard(state ?? newCardState(event.reviewedAt), event.rating, event.reviewedAt, params, dayRule).state;
  }
  return state;
}

const RELATIVE_TOLERANCE = 1e-9;

function nearlyEqual(a: number, b: number): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

function sameInstant(a: Date | null, b: Date | null): boolean {
  if (a === null || b === null) return a === b;
  return a.getTime() === b.getTime();
}

/** Exact on dates, counts and state; stability and difficulty within 1e-9 relative. */
export function statesEqual(a: SrsCardState, b: SrsCardState): boolean {
  return (
    a.state === b.state &&
    sameInstant(a.due, b.due) &&
    sameInstant(a.lastReview, b.lastReview) &&
    nearlyEqual(a.stability, b.stability) &&
    nearlyEqual(a.difficulty, b.difficulty) &&
    a.elapsedDays === b.elapsedDays &&
    a.scheduledDays === b.scheduledDays &&
    a.learningSteps === b.learningSteps &&
    a.reps === b.reps &&
    a.lapses === b.lapses
  );
}
