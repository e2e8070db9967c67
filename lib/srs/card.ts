import { createEmptyCard, State, type Card } from "ts-fsrs";
import { z } from "zod";
import { RATING_NAMES, RATINGS, isRating, type CardStateName, type Rating, type RatingName } from "@/lib/contracts";

export const SRS_STATES = ["new", "learning", "review", "relearning"] as const;
export type SrsState = (typeof SRS_STATES)[number] & CardStateName;

/** 1 Again, 2 Hard, 3 Good, 4 Easy (ts-fsrs `Grade`), as the contracts spell them for device and server. */
export type SrsRating = Rating;
export const SRS_RATINGS: readonly SrsRating[] = RATINGS;
export { RATING_NAMES, type RatingName };

/** Every ts-fsrs `Card` field as plain data, mirroring the CardState table. */
export interface SrsCardState {
  due: Date;
  stability: number;
  difficulty: number;
  /** Local days between the two latest reviews. */
  elapsedDays: number;
  scheduledDays: number;
  /** Index of the current (re)learning step, not the step list itself. */
  learningSteps: number;
  reps: number;
  lapses: number;
  state: SrsState;
  lastReview: Date | null;
}

/** Every ts-fsrs `ReviewLog` field. Like ts-fsrs, the memory fields describe the card before the answer. */
export interface SrsReviewLog {
  rating: SrsRating;
  /** State before the answer. */
  state: SrsState;
  /** ts-fsrs semantics: the previous review time, or the card's due time if it was new. */
  due: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  lastElapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  review: Date;
}

/** Log of a manual reset: rating 0 (ts-fsrs `Rating.Manual`), fields describe the card before it. */
export interface SrsResetLog extends Omit<SrsReviewLog, "rating"> {
  rating: 0;
}

const STATE_TO_FSRS: Record<SrsState, State> = {
  new: State.New,
  learning: State.Learning,
  review: State.Review,
  relearning: State.Relearning,
};

export function toFsrsState(state: SrsState): State {
  return STATE_TO_FSRS[state];
}

export function fromFsrsState(state: State): SrsState {
  const name = SRS_STATES[state];
  if (name === undefined) throw new RangeError(`Unknown ts-fsrs state ${String(state)}`);
  return name;
}

export const isSrsRating: (value: unknown) => value is SrsRating = isRating;

export function toFsrsCard(state: SrsCardState): Card {
  return {
    due: new Date(state.due),
    stability: state.stability,
    difficulty: state.difficulty,
    elapsed_days: state.elapsedDays,
    scheduled_days: state.scheduledDays,
    learning_steps: state.learningSteps,
    reps: state.reps,
    lapses: state.lapses,
    state: toFsrsState(state.state),
    last_review: state.lastReview ? new Date(state.lastReview) : undefined,
  };
}

export function fromFsrsCard(card: Card): SrsCardState {
  return {
    due: new Date(card.due),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: fromFsrsState(card.state),
    lastReview: card.last_review ? new Date(card.last_review) : null,
  };
}

export function newCardState(now: Date): SrsCardState {
  return fromFsrsCard(createEmptyCard(now));
}

/** For states kept as JSON (e.g. the `stateBefore` column used by undo): dates come back as strings. */
export const srsCardStateSchema = z.object({
  due: z.coerce.date(),
  stability: z.number().min(0),
  difficulty: z.number().min(0).max(10),
  elapsedDays: z.int().min(0),
  scheduledDays: z.int().min(0),
  learningSteps: z.int().min(0),
  reps: z.int().min(0),
  lapses: z.int().min(0),
  state: z.enum(SRS_STATES),
  lastReview: z.coerce.date().nullable(),
});
