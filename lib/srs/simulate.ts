import { forgetting_curve } from "ts-fsrs";
import { answerCard } from "./answer";
import { newCardState, type SrsCardState, type SrsRating } from "./card";
import { localDayNumber, MS_PER_DAY, MS_PER_HOUR, startOfLocalDayNumber, type DayRule } from "./local-day";
import { effectiveWeights, type SchedulerParams } from "./params";

/**
 * Seeded Monte Carlo of a learner studying with Retain's scheduler: every day at one hour they
 * answer what is due (learning steps within the session, new cards up to a daily limit), and whether
 * they recall a card is drawn from the retrievability of a "true" memory (FSRS with `trueWeights`),
 * which may differ from the weights that schedule them. Used by the workload simulator (what a
 * different desired retention would cost), by synthetic cohorts in tests and by the benchmark.
 * Pure: seeded, no clock but `start`.
 */

/** mulberry32: small, fast and good enough for simulation; the same seed gives the same run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SimulatedAnswer {
  readonly cardId: string;
  readonly rating: SrsRating;
  readonly reviewedAt: Date;
}

/** A card already studied: what the scheduler holds and what the learner really remembers. */
export interface SimulationCard {
  readonly cardId: string;
  readonly scheduled: SrsCardState;
  /** The learner's memory; the scheduled state when the scheduler's weights are taken as true. */
  readonly memory?: SrsCardState;
}

export interface SimulationOptions {
  /** Cards already studied (their states at `start`). */
  readonly studied?: readonly SimulationCard[];
  /** Cards not yet seen, in the order they would be introduced. */
  readonly unseen?: readonly string[];
  readonly start: Date;
  readonly days: number;
  readonly newPerDay: number;
  /** Reviews a day the learner stops at (the rest wait), like the student's setting. */
  readonly reviewsPerDay?: number;
  readonly params: SchedulerParams;
  /** The learner's real memory; the scheduler's weights when left out. */
  readonly trueWeights?: readonly number[];
  readonly dayRule: DayRule;
  readonly seed: number;
  /** Hours after the local day's start at which the learner studies. */
  readonly studyHour?: number;
  /** Keep every answer (synthetic cohorts); the workload simulator only needs the counts. */
  readonly keepAnswers?: boolean;
}

export interface SimulationDay {
  /** Answers given that day (learning steps included) and how many were first sights of a card. */
  readonly reviews: number;
  readonly newCards: number;
  /**
   * Mean true recall probability over the cards studied so far, as the day's session begins (before
   * it reviews them): what the learner would recall if asked then. Null before any card is studied.
   */
  readonly meanRecall: number | null;
}

export interface SimulationResult {
  readonly days: readonly SimulationDay[];
  readonly answers: readonly SimulatedAnswer[];
}

const SECONDS_PER_ANSWER = 20;
/** Learning steps due within this long after the queue runs dry are waited for, as a learner would. */
const SESSION_WAIT_MS = 15 * 60_000;
const MAX_ANSWERS_PER_SESSION = 2_000;

type Tracked = { cardId: string; scheduled: SrsCardState; memory: SrsCardState };

function recallProbability(weights: readonly number[], memory: SrsCardState, at: Date): number {
  if (!memory.lastReview || memory.stability <= 0) return 0;
  const elapsedDays = Math.max(0, (at.getTime() - memory.lastReview.getTime()) / MS_PER_DAY);
  return forgetting_curve([...weights], elapsedDays, memory.stability);
}

function drawRating(random: () => number, recalled: boolean): SrsRating {
  if (!recalled) return 1;
  const roll = random();
  return roll < 0.1 ? 2 : roll < 0.9 ? 3 : 4;
}

function drawFirstRating(random: () => number): SrsRating {
  const roll = random();
  return roll < 0.2 ? 1 : roll < 0.25 ? 2 : roll < 0.95 ? 3 : 4;
}

export function simulateStudy(options: SimulationOptions): SimulationResult {
  const random = seededRandom(options.seed);
  const { params, dayRule } = options;
  const trueParams: SchedulerParams = options.trueWeights ? { ...params, weights: [...options.trueWeights] } : params;
  const trueWeights = effectiveWeights(trueParams);
  const tracked: Tracked[] = (options.studied ?? []).map((card) => ({
    cardId: card.cardId,
    scheduled: card.scheduled,
    memory: card.memory ?? card.scheduled,
  }));
  const unseen = [...(options.unseen ?? [])];
  const answers: SimulatedAnswer[] = [];
  const days: SimulationDay[] = [];
  const firstDay = localDayNumber(options.start, dayRule.timeZone, dayRule.dayStartHour);
  const studyOffsetMs = (options.studyHour ?? 10) * MS_PER_HOUR;
  const reviewLimit = options.reviewsPerDay ?? Number.POSITIVE_INFINITY;

  const answer = (card: Tracked, at: Date, rating: SrsRating) => {
    card.scheduled = answerCard(card.scheduled, rating, at, params, dayRule).state;
    card.memory = answerCard(card.memory, rating, at, trueParams, dayRule).state;
    if (options.keepAnswers) answers.push({ cardId: card.cardId, rating, reviewedAt: at });
  };

  for (let day = 0; day < options.days; day += 1) {
    const dayStart = startOfLocalDayNumber(firstDay + day, dayRule.timeZone, dayRule.dayStartHour).getTime();
    let clock = Math.max(dayStart + studyOffsetMs, options.start.getTime());
    const sessionStart = new Date(clock);
    const recalls = tracked.filter((card) => card.memory.lastReview).map((card) => recallProbability(trueWeights, card.memory, sessionStart));
    let reviews = 0;
    let newCards = 0;
    let reviewed = 0;
    while (reviews < MAX_ANSWERS_PER_SESSION) {
      const now = new Date(clock);
      let next: Tracked | undefined;
      for (const card of tracked) {
        if (card.scheduled.due.getTime() > clock) continue;
        const isReview = card.scheduled.state === "review";
        if (isReview && reviewed >= reviewLimit) continue;
        if (!next || card.scheduled.due.getTime() < next.scheduled.due.getTime()) next = card;
      }
      if (next) {
        const wasReview = next.scheduled.state === "review";
        const recalled = random() < recallProbability(trueWeights, next.memory, now);
        answer(next, now, drawRating(random, recalled));
        if (wasReview) reviewed += 1;
      } else if (newCards < options.newPerDay && unseen.length > 0) {
        const cardId = unseen.shift()!;
        const card: Tracked = { cardId, scheduled: newCardState(now), memory: newCardState(now) };
        tracked.push(card);
        answer(card, now, drawFirstRating(random));
        newCards += 1;
      } else {
        const waiting = tracked
          .map((card) => card.scheduled.due.getTime())
          .filter((due) => due > clock && due <= clock + SESSION_WAIT_MS && due < dayStart + MS_PER_DAY);
        if (waiting.length === 0) break;
        clock = Math.min(...waiting);
        continue;
      }
      reviews += 1;
      clock += SECONDS_PER_ANSWER * 1000;
    }
    days.push({ reviews, newCards, meanRecall: recalls.length ? recalls.reduce((sum, r) => sum + r, 0) / recalls.length : null });
  }
  return { days, answers };
}

export interface WorkloadRow {
  readonly desiredRetention: number;
  readonly horizonDays: number;
  /** Mean answers a day over the horizon, and the busiest day (means over the runs). */
  readonly reviewsPerDay: number;
  readonly peakReviews: number;
  /** Mean true recall over studied cards as each day's session begins, across the horizon's days. */
  readonly expectedRetention: number | null;
}

export const WORKLOAD_RETENTIONS = [0.8, 0.85, 0.9, 0.95] as const;
export const WORKLOAD_HORIZONS = [30, 90] as const;

/**
 * "What if I chose 0.85 instead of 0.90?": the student's own cards and weights simulated `runs`
 * times for each desired retention and horizon. The memory is the scheduler's model of it (the
 * student's weights), so the figures are what FSRS expects, not a promise.
 */
export function simulateWorkload(options: {
  readonly studied: readonly SimulationCard[];
  readonly unseen: readonly string[];
  readonly now: Date;
  readonly params: SchedulerParams;
  readonly dayRule: DayRule;
  readonly newPerDay: number;
  readonly reviewsPerDay?: number;
  readonly retentions?: readonly number[];
  readonly horizons?: readonly number[];
  readonly runs?: number;
  readonly seed: number;
}): WorkloadRow[] {
  const rows: WorkloadRow[] = [];
  const runs = options.runs ?? 4;
  const horizons = options.horizons ?? WORKLOAD_HORIZONS;
  const longest = Math.max(...horizons);
  for (const desiredRetention of options.retentions ?? WORKLOAD_RETENTIONS) {
    const params: SchedulerParams = { ...options.params, desiredRetention };
    const perHorizon = horizons.map(() => ({ reviews: 0, peak: 0, recall: 0, recallDays: 0 }));
    for (let run = 0; run < runs; run += 1) {
      const result = simulateStudy({
        studied: options.studied,
        unseen: options.unseen,
        start: options.now,
        days: longest,
        newPerDay: options.newPerDay,
        reviewsPerDay: options.reviewsPerDay,
        params,
        trueWeights: effectiveWeights(options.params),
        dayRule: options.dayRule,
        seed: options.seed + run * 7919,
      });
      horizons.forEach((horizon, index) => {
        const slice = result.days.slice(0, horizon);
        const sum = perHorizon[index]!;
        sum.reviews += slice.reduce((total, day) => total + day.reviews, 0) / horizon;
        sum.peak += Math.max(0, ...slice.map((day) => day.reviews));
        for (const day of slice) {
          if (day.meanRecall === null) continue;
          sum.recall += day.meanRecall;
          sum.recallDays += 1;
        }
      });
    }
    horizons.forEach((horizon, index) => {
      const sum = perHorizon[index]!;
      rows.push({
        desiredRetention,
        horizonDays: horizon,
        reviewsPerDay: sum.reviews / runs,
        peakReviews: sum.peak / runs,
        expectedRetention: sum.recallDays ? sum.recall / sum.recallDays : null,
      });
    });
  }
  return rows;
}
