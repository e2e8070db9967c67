/**
 * Review histories that lib/srs itself produced: each simulated student studies on most days at a
 * random hour, answers what is due, meets a few new cards and repeats learning steps within the
 * session, and every answer goes through lib/srs `answerCard`, so each final state equals the
 * replay of its log (what `npm run srs:verify` checks).
 */
import {
  answerCard,
  LEARN_AHEAD_MS,
  newCardState,
  type DayRule,
  type SchedulerParams,
  type SrsCardState,
  type SrsRating,
  type SrsReviewLog,
} from "@/lib/srs";
import type { Rng } from "./rng";

export type Snapshot = SrsCardState & { suspended: boolean; version: number };

export type SimulatedAnswer = {
  cardId: string;
  rating: SrsRating;
  reviewedAt: Date;
  durationMs: number;
  log: SrsReviewLog;
  before: Snapshot;
  after: Snapshot;
};

export type StudyHabits = {
  /** First day (0-based, of `days`) the student studies. */
  startDay: number;
  /** Chance of a session on any later day. */
  studyChance: number;
  newPerSession: number;
  reviewsPerSession: number;
};

export type SimulationInput = {
  cardIds: readonly string[];
  /** Days of history; the last session ends before `end`. */
  days: number;
  end: Date;
  habits: StudyHabits;
  params: SchedulerParams;
  dayRule: DayRule;
  rng: Rng;
};

const DAY_MS = 86_400_000;

/** Again/Hard/Good/Easy mixes close to what Anki users report: lapses on reviews near 1 - retention. */
function rate(rng: Rng, state: SrsCardState["state"]): SrsRating {
  const roll = rng();
  if (state === "review") return roll < 0.09 ? 1 : roll < 0.21 ? 2 : roll < 0.92 ? 3 : 4;
  return roll < 0.16 ? 1 : roll < 0.27 ? 2 : roll < 0.93 ? 3 : 4;
}

export function typicalHabits(rng: Rng, days: number, cards: number): StudyHabits {
  return {
    startDay: rng.int(0, Math.max(0, Math.floor(days / 4))),
    studyChance: 0.55 + rng() * 0.4,
    newPerSession: Math.min(20, Math.max(5, Math.ceil(cards / rng.int(3, 6)))),
    reviewsPerSession: 200,
  };
}

export function simulateStudent(input: SimulationInput): { answers: SimulatedAnswer[]; states: Map<string, Snapshot> } {
  const { cardIds, days, end, habits, params, dayRule, rng } = input;
  const endMs = end.getTime();
  const windowStart = endMs - days * DAY_MS;
  const states = new Map<string, Snapshot>();
  /** Cards in (re)learning: few at a time, so the within-session loop need not scan every card. */
  const learning = new Set<string>();
  const answers: SimulatedAnswer[] = [];
  let nextNew = 0;
  let clock = 0;

  const answer = (cardId: string) => {
    const reviewedAt = new Date(clock);
    const before = states.get(cardId) ?? { ...newCardState(reviewedAt), suspended: false, version: 0 };
    const rating = rate(rng, before.state);
    const outcome = answerCard(before, rating, reviewedAt, params, dayRule);
    const after: Snapshot = { ...outcome.state, suspended: false, version: before.version + 1 };
    const durationMs = rng.int(2_500, 20_000);
    answers.push({ cardId, rating, reviewedAt, durationMs, log: outcome.log, before, after });
    states.set(cardId, after);
    if (after.state === "learning" || after.state === "relearning") learning.add(cardId);
    else learning.delete(cardId);
    clock += durationMs + rng.int(500, 3_000);
  };

  for (let day = habits.startDay; day < days; day += 1) {
    if (day > habits.startDay && rng() > habits.studyChance) continue;
    clock = Math.round(windowStart + day * DAY_MS + (0.25 + rng() * 0.7) * DAY_MS);
    const sessionEnd = endMs - 60_000;
    if (clock >= sessionEnd) break;

    // What is due, oldest first (learning steps and reviews alike), then new cards, then the
    // learning steps that come due while the student is still there.
    const due = [...states.entries()]
      .filter(([, state]) => state.state !== "new" && state.due.getTime() <= clock)
      .sort((a, b) => a[1].due.getTime() - b[1].due.getTime());
    let reviews = 0;
    for (const [cardId, state] of due) {
      if (clock >= sessionEnd) break;
      if (state.state === "review" && ++reviews > habits.reviewsPerSession) continue;
      answer(cardId);
    }
    for (let introduced = 0; introduced < habits.newPerSession && nextNew < cardIds.length && clock < sessionEnd; introduced += 1) {
      answer(cardIds[nextNew++]!);
    }
    for (let steps = 0; steps < 10_000 && clock < sessionEnd; steps += 1) {
      let soonest: [string, Snapshot] | undefined;
      for (const cardId of learning) {
        const state = states.get(cardId)!;
        if (!soonest || state.due < soonest[1].due) soonest = [cardId, state];
      }
      if (!soonest || soonest[1].due.getTime() > clock + LEARN_AHEAD_MS) break;
      clock = Math.max(clock, soonest[1].due.getTime());
      if (clock >= sessionEnd) break;
      answer(soonest[0]);
    }
  }
  return { answers, states };
}
