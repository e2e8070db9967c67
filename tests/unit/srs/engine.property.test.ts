/**
 * The engine must be ts-fsrs run on the student's local days, unchanged but for Easy staying beyond
 * Good (easyBeyondGood below). For fixed-offset zones
 * the local-day clock is plain arithmetic (real time shifted by offset - dayStartHour), so the
 * reference below calls ts-fsrs directly without using any of our day code.
 */
import fc from "fast-check";
import {
  CLAMP_PARAMETERS,
  clipParameters,
  createEmptyCard,
  fsrs,
  State,
  W17_W18_Ceiling,
  type Card,
  type FSRS,
  type Grade,
  type RecordLogItem,
} from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { answerCard, resetCard } from "@/lib/srs/answer";
import {
  fromFsrsCard,
  fromFsrsState,
  newCardState,
  toFsrsCard,
  type SrsCardState,
  type SrsRating,
  type SrsReviewLog,
} from "@/lib/srs/card";
import { localDayNumber, startOfLocalDay, type DayRule } from "@/lib/srs/local-day";
import { parseSchedulerParams, toFsrsParameters, type SchedulerParams } from "@/lib/srs/params";
import { replayReviews, statesEqual, type ReviewEvent } from "@/lib/srs/replay";
import { realStartOfVirtualDay, toVirtualTime } from "@/lib/srs/virtual-clock";

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

const FIXED_OFFSET_ZONES: [string, number][] = [
  ["UTC", 0],
  ["Asia/Kolkata", 5.5 * HOUR],
  ["Asia/Kathmandu", 5.75 * HOUR],
  ["Pacific/Kiritimati", 14 * HOUR],
  ["Etc/GMT+10", -10 * HOUR],
];
const DST_ZONES = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Pacific/Chatham", "America/Santiago"];

const stepsArb = fc.constantFrom<readonly string[]>([], ["1m"], ["1m", "10m"], ["10m", "1h", "1d"], ["5m", "12h"]);
const relearningStepsArb = fc.constantFrom<readonly string[]>([], ["10m"], ["5m", "30m"], ["1d"]);

/** Random FSRS-6 weights inside the ranges ts-fsrs accepts for the chosen relearning steps. */
const weightsArb = (relearningStepCount: number) =>
  fc.oneof(
    fc.constant<readonly number[]>([]),
    fc
      .tuple(
        ...CLAMP_PARAMETERS(W17_W18_Ceiling, true).map(([min, max]) =>
          fc.double({ min: min ?? 0, max: max ?? 1, noNaN: true }),
        ),
      )
      .map((weights) => clipParameters(weights, relearningStepCount, true)),
  );

const paramsArb: fc.Arbitrary<SchedulerParams> = fc
  .record({
    desiredRetention: fc.double({ min: 0.7, max: 0.97, noNaN: true }),
    maximumInterval: fc.oneof(fc.constant(36500), fc.integer({ min: 1, max: 400 })),
    learningSteps: stepsArb,
    relearningSteps: relearningStepsArb,
    enableFuzz: fc.boolean(),
  })
  .chain((base) =>
    weightsArb(base.relearningSteps.length).map((weights) =>
      parseSchedulerParams({ modelVersion: "FSRS-6", ...base, weights }),
    ),
  );

const gapArb = fc.oneof(
  fc.integer({ min: 0, max: 90 * MINUTE }),
  fc.integer({ min: 1 * HOUR, max: 48 * HOUR }),
  fc.integer({ min: 1 * DAY, max: 400 * DAY }),
);

interface Step {
  gapMs: number;
  action: SrsRating | "reset";
}

const stepsSequenceArb = fc.array(
  fc.record({
    gapMs: gapArb,
    action: fc.oneof(
      { weight: 20, arbitrary: fc.constantFrom<SrsRating>(1, 2, 3, 4) },
      { weight: 1, arbitrary: fc.constant<"reset">("reset") },
    ),
  }),
  { minLength: 1, maxLength: 25 },
);

const startArb = fc.integer({ min: Date.parse("2025-06-01T00:00:00Z"), max: Date.parse("2027-06-01T00:00:00Z") });

function toEvents(start: number, steps: readonly Step[]): ReviewEvent[] {
  let at = start;
  return steps.map(({ gapMs, action }) => {
    at += gapMs;
    const reviewedAt = new Date(at);
    return action === "reset" ? { kind: "reset", reviewedAt } : { kind: "answer", rating: action, reviewedAt };
  });
}

interface Answered {
  before: SrsCardState;
  after: SrsCardState;
  log: SrsReviewLog;
  reviewedAt: Date;
}

/** What the API does: answer one event at a time, starting from a fresh state row. */
function runEngine(events: readonly ReviewEvent[], params: SchedulerParams, rule: DayRule) {
  let state: SrsCardState | null = null;
  const answered: Answered[] = [];
  const states: SrsCardState[] = [];
  for (const event of events) {
    if (event.kind === "reset") {
      state = resetCard(event.reviewedAt);
    } else {
      const before: SrsCardState = state ?? newCardState(event.reviewedAt);
      const result = answerCard(before, event.rating, event.reviewedAt, params, rule);
      answered.push({ before, after: result.state, log: result.log, reviewedAt: event.reviewedAt });
      state = result.state;
    }
    states.push(state);
  }
  return { states, answered, final: state };
}

/**
 * Our one deliberate change to ts-fsrs (lib/srs/scheduler.ts): when Good and Easy both graduate a
 * (re)learning card to review, Easy lands at least one day after Good, within the maximum interval.
 */
function easyBeyondGood(scheduler: FSRS, card: Card, now: Date, result: RecordLogItem, rating: Grade, maximumInterval: number): RecordLogItem {
  if (rating !== 4) return result;
  const good = scheduler.next(card, now, 3).card;
  const easy = result.card;
  if (good.state !== State.Review || easy.state !== State.Review || good.scheduled_days + 1 > maximumInterval) return result;
  const goodDay = Math.floor(good.due.getTime() / DAY);
  const easyDay = Math.floor(easy.due.getTime() / DAY);
  if (easyDay > goodDay) return result;
  return { ...result, card: { ...easy, due: new Date(easy.due.getTime() + (goodDay + 1 - easyDay) * DAY), scheduled_days: good.scheduled_days + 1 } };
}

/** ts-fsrs called directly on a clock shifted by a constant; dues mapped back by hand. */
function runReference(events: readonly ReviewEvent[], params: SchedulerParams, shiftMs: number) {
  const scheduler = fsrs(toFsrsParameters(params));
  const states: SrsCardState[] = [];
  const logs: SrsReviewLog[] = [];
  let previous: Card | null = null;
  for (const event of events) {
    const virtualNow = new Date(event.reviewedAt.getTime() + shiftMs);
    let card: Card;
    if (event.kind === "reset") {
      card = createEmptyCard(virtualNow);
    } else {
      const before: Card = previous ?? createEmptyCard(virtualNow);
      const result = easyBeyondGood(scheduler, before, virtualNow, scheduler.next(before, virtualNow, event.rating as Grade), event.rating as Grade, params.maximumInterval);
      const log = result.log;
      card = result.card;
      logs.push({
        rating: log.rating as SrsRating,
        state: fromFsrsState(log.state),
        due: new Date(log.due.getTime() - shiftMs),
        stability: log.stability,
        difficulty: log.difficulty,
        elapsedDays: log.elapsed_days,
        lastElapsedDays: log.last_elapsed_days,
        scheduledDays: log.scheduled_days,
        learningSteps: log.learning_steps,
        review: event.reviewedAt,
      });
    }
    const state = fromFsrsCard(card);
    const virtualDue = card.due.getTime();
    const realDue = state.state === "review" ? Math.floor(virtualDue / DAY) * DAY - shiftMs : virtualDue - shiftMs;
    states.push({
      ...state,
      due: new Date(realDue),
      lastReview: state.lastReview && new Date(state.lastReview.getTime() - shiftMs),
    });
    previous = card;
  }
  return { states, logs };
}

function expectStatesEqual(actual: SrsCardState, expected: SrsCardState) {
  if (!statesEqual(actual, expected)) expect(actual).toEqual(expected);
}

describe("engine = ts-fsrs on local days", () => {
  it("matches ts-fsrs called directly for fixed-offset zones", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FIXED_OFFSET_ZONES),
        fc.integer({ min: 0, max: 23 }),
        paramsArb,
        startArb,
        stepsSequenceArb,
        ([timeZone, offsetMs], dayStartHour, params, start, steps) => {
          const events = toEvents(start, steps);
          const engine = runEngine(events, params, { timeZone, dayStartHour });
          const reference = runReference(events, params, offsetMs - dayStartHour * HOUR);
          engine.states.forEach((state, index) => expectStatesEqual(state, reference.states[index]!));
          expect(engine.answered.map((entry) => entry.log)).toEqual(reference.logs);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("matches ts-fsrs on the virtual clock in DST zones, with local-day elapsed and due rules", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DST_ZONES),
        fc.integer({ min: 0, max: 23 }),
        paramsArb,
        startArb,
        stepsSequenceArb,
        (timeZone, dayStartHour, params, start, steps) => {
          const rule = { timeZone, dayStartHour };
          const events = toEvents(start, steps);
          const engine = runEngine(events, params, rule);
          const scheduler = fsrs(toFsrsParameters(params));

          for (const { before, after, log, reviewedAt } of engine.answered) {
            const today = localDayNumber(reviewedAt, timeZone, dayStartHour);
            const virtualBefore = toFsrsCard({
              ...before,
              due: toVirtualTime(before.due, rule),
              lastReview: before.lastReview && toVirtualTime(before.lastReview, rule),
            });
            const virtualNow = toVirtualTime(reviewedAt, rule);
            const direct = easyBeyondGood(scheduler, virtualBefore, virtualNow, scheduler.next(virtualBefore, virtualNow, log.rating), log.rating, params.maximumInterval);
            const directState = fromFsrsCard(direct.card);
            const expectedDue =
              directState.state === "review"
                ? realStartOfVirtualDay(direct.card.due, rule)
                : new Date(
                    reviewedAt.getTime() + (direct.card.due.getTime() - toVirtualTime(reviewedAt, rule).getTime()),
                  );
            expectStatesEqual(after, { ...directState, due: expectedDue, lastReview: reviewedAt });

            // (a) the model sees elapsed local days
            const expectedElapsed =
              before.state === "new" || before.lastReview === null
                ? 0
                : today - localDayNumber(before.lastReview, timeZone, dayStartHour);
            expect(log.elapsedDays).toBe(expectedElapsed);
            expect(after.elapsedDays).toBe(expectedElapsed);

            // (b) review cards are due at the start of a local day; steps are exact minutes
            if (after.state === "review") {
              expect(startOfLocalDay(after.due, timeZone, dayStartHour)).toEqual(after.due);
              expect(localDayNumber(after.due, timeZone, dayStartHour) - today).toBe(after.scheduledDays);
            } else {
              const stepMs = after.due.getTime() - reviewedAt.getTime();
              expect(stepMs % MINUTE).toBe(0);
              expect(stepMs).toBeLessThan(DAY);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("invariants", () => {
  const anyZoneArb = fc.constantFrom(...DST_ZONES, ...FIXED_OFFSET_ZONES.map(([zone]) => zone));

  it("due after the review, stability > 0, difficulty in [1,10], reps +1, replay = sequential", () => {
    fc.assert(
      fc.property(
        anyZoneArb,
        fc.integer({ min: 0, max: 23 }),
        paramsArb,
        startArb,
        stepsSequenceArb,
        (timeZone, dayStartHour, params, start, steps) => {
          const rule = { timeZone, dayStartHour };
          const events = toEvents(start, steps);
          const engine = runEngine(events, params, rule);
          for (const { before, after, reviewedAt } of engine.answered) {
            expect(after.due.getTime()).toBeGreaterThan(reviewedAt.getTime());
            expect(after.stability).toBeGreaterThan(0);
            expect(after.difficulty).toBeGreaterThanOrEqual(1);
            expect(after.difficulty).toBeLessThanOrEqual(10);
            expect(after.reps).toBe(before.reps + 1);
            expect(after.lastReview).toEqual(reviewedAt);
            expect(after.state).not.toBe("new");
          }
          const replayed = replayReviews(events, params, rule);
          expect(replayed).not.toBeNull();
          expectStatesEqual(replayed!, engine.final!);
        },
      ),
      { numRuns: 150 },
    );
  });
});
