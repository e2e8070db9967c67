/**
 * The single place where ts-fsrs is invoked: cards go in on the virtual clock (see virtual-clock.ts)
 * and results come back in real time.
 */
import { fsrs, State, type FSRS, type Grade, type RecordLogItem } from "ts-fsrs";
import { fromFsrsCard, fromFsrsState, toFsrsCard, type SrsCardState, type SrsRating, type SrsReviewLog } from "./card";
import { MS_PER_DAY, type DayRule } from "./local-day";
import { toFsrsParameters, type SchedulerParams } from "./params";
import { realStartOfVirtualDay, toVirtualTime, virtualDayNumber } from "./virtual-clock";

export interface SrsOutcome {
  state: SrsCardState;
  log: SrsReviewLog;
}

export type SrsOutcomes = Record<SrsRating, SrsOutcome>;

export class ReviewBeforeLastReviewError extends Error {
  constructor(
    readonly reviewedAt: Date,
    readonly lastReview: Date,
  ) {
    super(`Review at ${reviewedAt.toISOString()} precedes the card's last review at ${lastReview.toISOString()}`);
    this.name = "ReviewBeforeLastReviewError";
  }
}

const MAX_CACHED_SCHEDULERS = 256;
const schedulers = new Map<string, FSRS>();
/**
 * Frozen params (parsed ones and DEFAULT_PARAMS are) cannot change, so their scheduler is also
 * remembered by identity: a queue's previews and a replay call this hundreds of times with one
 * params object, and the JSON key costs more than the scheduling.
 */
const byFrozenParams = new WeakMap<SchedulerParams, FSRS>();

function isDeeplyFrozen(params: SchedulerParams): boolean {
  return Object.isFrozen(params) && Object.isFrozen(params.weights) && Object.isFrozen(params.learningSteps) && Object.isFrozen(params.relearningSteps);
}

/** ts-fsrs instances are reusable and cheap, but replays call this once per event. */
export function fsrsFor(params: SchedulerParams): FSRS {
  const known = byFrozenParams.get(params);
  if (known) return known;
  const fsrsParameters = toFsrsParameters(params);
  const key = JSON.stringify(fsrsParameters);
  let scheduler = schedulers.get(key);
  if (!scheduler) {
    if (schedulers.size >= MAX_CACHED_SCHEDULERS) schedulers.clear();
    scheduler = fsrs(fsrsParameters);
    schedulers.set(key, scheduler);
  }
  if (isDeeplyFrozen(params)) byFrozenParams.set(params, scheduler);
  return scheduler;
}

export function assertValidInstant(instant: Date, name: string): void {
  if (!(instant instanceof Date) || !Number.isFinite(instant.getTime())) {
    throw new RangeError(`${name} must be a valid Date`);
  }
}

/** All four possible answers, computed in one ts-fsrs pass so preview and answer always agree. */
export function scheduleOutcomes(card: SrsCardState, now: Date, params: SchedulerParams, rule: DayRule): SrsOutcomes {
  assertValidInstant(now, "now");
  if (card.lastReview && now.getTime() < card.lastReview.getTime()) {
    throw new ReviewBeforeLastReviewError(now, card.lastReview);
  }
  const virtualNow = toVirtualTime(now, rule);
  const virtualCard = toFsrsCard({
    ...card,
    due: toVirtualTime(card.due, rule),
    lastReview: card.lastReview ? toVirtualTime(card.lastReview, rule) : null,
  });
  const preview = fsrsFor(params).repeat(virtualCard, virtualNow);
  const easy = easyAfterGood(preview[3], preview[4], params.maximumInterval);
  const toReal = (grade: Grade) => fromVirtualOutcome(grade === 4 ? easy : preview[grade], card, now, virtualNow, rule);
  return { 1: toReal(1), 2: toReal(2), 3: toReal(3), 4: toReal(4) };
}

/**
 * ts-fsrs keeps Easy beyond Good for review cards only; when a (re)learning card graduates, Good and
 * Easy take their intervals from their own stabilities and can land on the same day ("1d" and "1d").
 * As in Anki, Easy always waits at least one local day longer than Good (unless the maximum interval
 * forbids it).
 */
function easyAfterGood(good: RecordLogItem, easy: RecordLogItem, maximumInterval: number): RecordLogItem {
  if (good.card.state !== State.Review || easy.card.state !== State.Review) return easy;
  if (good.card.scheduled_days + 1 > maximumInterval) return easy;
  const goodDay = virtualDayNumber(good.card.due);
  if (virtualDayNumber(easy.card.due) > goodDay) return easy;
  const due = new Date(easy.card.due.getTime() + (goodDay + 1 - virtualDayNumber(easy.card.due)) * MS_PER_DAY);
  return { ...easy, card: { ...easy.card, due, scheduled_days: good.card.scheduled_days + 1 } };
}

function fromVirtualOutcome(
  item: RecordLogItem,
  before: SrsCardState,
  now: Date,
  virtualNow: Date,
  rule: DayRule,
): SrsOutcome {
  const next = fromFsrsCard(item.card);
  // Review cards become due when their local day starts, as in Anki. (Re)learning steps are exact
  // durations, so they are measured from the real answer time.
  const due =
    next.state === "review"
      ? realStartOfVirtualDay(item.card.due, rule)
      : new Date(now.getTime() + (item.card.due.getTime() - virtualNow.getTime()));
  const log = item.log;
  return {
    state: { ...next, due, lastReview: new Date(now) },
    log: {
      rating: log.rating as SrsRating,
      state: fromFsrsState(log.state),
      due: new Date(before.lastReview ?? before.due),
      stability: log.stability,
      difficulty: log.difficulty,
      elapsedDays: log.elapsed_days,
      lastElapsedDays: log.last_elapsed_days,
      scheduledDays: log.scheduled_days,
      learningSteps: log.learning_steps,
      review: new Date(now),
    },
  };
}
