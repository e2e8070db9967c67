import { describe, expect, it } from "vitest";
import { answerCard, buildResetLog, resetCard } from "@/lib/srs/answer";
import { newCardState, type SrsCardState, type SrsRating } from "@/lib/srs/card";
import { DEFAULT_PARAMS, parseSchedulerParams } from "@/lib/srs/params";
import { previewOutcomes } from "@/lib/srs/preview";
import { ReviewBeforeLastReviewError } from "@/lib/srs/scheduler";

const NEW_YORK = { timeZone: "America/New_York", dayStartHour: 4 };
const NO_LEARNING_STEPS = parseSchedulerParams({ ...DEFAULT_PARAMS, learningSteps: [] });
const at = (iso: string) => new Date(iso);

describe("answerCard: local days", () => {
  it("a review card scheduled 1 day at 23:00 local is due when the next local day starts", () => {
    // 23:00 EST on Saturday 2026-03-07; clocks spring forward that night.
    const now = at("2026-03-08T04:00:00Z");
    const { state } = answerCard(newCardState(now), 2, now, NO_LEARNING_STEPS, NEW_YORK);
    expect(state.state).toBe("review");
    expect(state.scheduledDays).toBe(1);
    expect(state.due.toISOString()).toBe("2026-03-08T08:00:00.000Z"); // 04:00 EDT on 2026-03-08

    const midnightRule = { timeZone: "America/New_York", dayStartHour: 0 };
    const { state: midnight } = answerCard(newCardState(now), 2, now, NO_LEARNING_STEPS, midnightRule);
    expect(midnight.due.toISOString()).toBe("2026-03-08T05:00:00.000Z"); // 00:00 EST on 2026-03-08
  });

  it("counts elapsed days by the student's local day, not by UTC date or 24 h periods", () => {
    const firstReview = at("2026-03-08T04:00:00Z"); // 23:00 EST, local day 2026-03-07
    const { state: reviewed } = answerCard(newCardState(firstReview), 2, firstReview, NO_LEARNING_STEPS, NEW_YORK);

    const stillSameDay = at("2026-03-08T07:30:00Z"); // 03:30 EDT: before the 04:00 day start
    expect(answerCard(reviewed, 3, stillSameDay, NO_LEARNING_STEPS, NEW_YORK).log.elapsedDays).toBe(0);

    const nextDay = at("2026-03-08T08:30:00Z"); // 04:30 EDT, 4.5 h later, same UTC date
    const { state, log } = answerCard(reviewed, 3, nextDay, NO_LEARNING_STEPS, NEW_YORK);
    expect(log.elapsedDays).toBe(1);
    expect(state.elapsedDays).toBe(1);
  });

  it("keeps (re)learning steps as exact minutes, even across a DST jump", () => {
    const now = at("2026-03-08T06:55:00Z"); // 01:55 EST, five minutes before the clocks jump
    const good = answerCard(newCardState(now), 3, now, DEFAULT_PARAMS, NEW_YORK).state;
    expect(good.state).toBe("learning");
    expect(good.due.toISOString()).toBe("2026-03-08T07:05:00.000Z"); // 10 real minutes: 03:05 EDT
    const again = answerCard(good, 1, good.due, DEFAULT_PARAMS, NEW_YORK).state;
    expect(again.due.getTime() - good.due.getTime()).toBe(60_000);
  });

  it("a 1d learning step makes the card due at the start of the next local day", () => {
    const params = parseSchedulerParams({ ...DEFAULT_PARAMS, learningSteps: ["10m", "1d"] });
    const now = at("2026-07-01T02:30:00Z"); // 22:30 EDT on 2026-06-30
    // Good moves to the second step; ts-fsrs turns steps of a day or more into review intervals.
    const { state } = answerCard(newCardState(now), 3, now, params, NEW_YORK);
    expect(state).toMatchObject({ state: "review", scheduledDays: 1, learningSteps: 1 });
    expect(state.due.toISOString()).toBe("2026-07-01T08:00:00.000Z"); // 04:00 EDT on 2026-07-01
  });
});

describe("answerCard: results and logs", () => {
  it("returns every ts-fsrs ReviewLog field describing the card before the answer", () => {
    const created = at("2026-01-10T10:00:00Z");
    const rule = { timeZone: "UTC", dayStartHour: 4 };
    const first = answerCard(newCardState(created), 3, created, DEFAULT_PARAMS, rule);
    expect(first.log).toEqual({
      rating: 3,
      state: "new",
      due: created,
      stability: 0,
      difficulty: 0,
      elapsedDays: 0,
      lastElapsedDays: 0,
      scheduledDays: 0,
      learningSteps: 0,
      review: created,
    });

    const later = at("2026-01-10T10:10:00Z");
    const second = answerCard(first.state, 3, later, DEFAULT_PARAMS, rule);
    expect(second.log).toEqual({
      rating: 3,
      state: "learning",
      due: created, // ts-fsrs: the previous review time
      stability: first.state.stability,
      difficulty: first.state.difficulty,
      elapsedDays: 0,
      lastElapsedDays: 0,
      scheduledDays: 0,
      learningSteps: 1,
      review: later,
    });
    expect(second.state).toMatchObject({ state: "review", reps: 2, lapses: 0, lastReview: later });
  });

  it("counts a lapse when a review card is forgotten", () => {
    const now = at("2026-02-01T12:00:00Z");
    const rule = { timeZone: "UTC", dayStartHour: 4 };
    const review = answerCard(newCardState(now), 4, now, NO_LEARNING_STEPS, rule).state;
    const lapsed = answerCard(review, 1, review.due, DEFAULT_PARAMS, rule).state;
    expect(lapsed).toMatchObject({ state: "relearning", lapses: 1, reps: 2 });
    expect(lapsed.due.getTime() - review.due.getTime()).toBe(10 * 60_000);
  });

  it("agrees with previewOutcomes for every rating", () => {
    const now = at("2026-05-05T18:00:00Z");
    const review = answerCard(newCardState(now), 3, now, NO_LEARNING_STEPS, NEW_YORK).state;
    const later = at("2026-05-12T13:00:00Z");
    const preview = previewOutcomes(review, later, DEFAULT_PARAMS, NEW_YORK);
    const ratings: [SrsRating, keyof typeof preview][] = [
      [1, "again"],
      [2, "hard"],
      [3, "good"],
      [4, "easy"],
    ];
    for (const [rating, name] of ratings) {
      const answered = answerCard(review, rating, later, DEFAULT_PARAMS, NEW_YORK).state;
      expect(preview[name].state).toEqual(answered);
      expect(preview[name].due).toEqual(answered.due);
    }
  });

  it("rejects answers dated before the last review, invalid ratings and invalid dates", () => {
    const now = at("2026-02-01T12:00:00Z");
    const rule = { timeZone: "UTC", dayStartHour: 4 };
    const state = answerCard(newCardState(now), 3, now, DEFAULT_PARAMS, rule).state;
    expect(() => answerCard(state, 3, at("2026-02-01T11:59:59Z"), DEFAULT_PARAMS, rule)).toThrow(
      ReviewBeforeLastReviewError,
    );
    expect(() => answerCard(state, 5 as SrsRating, now, DEFAULT_PARAMS, rule)).toThrow(RangeError);
    expect(() => answerCard(state, 0 as SrsRating, now, DEFAULT_PARAMS, rule)).toThrow(RangeError);
    expect(() => answerCard(state, 3, new Date(Number.NaN), DEFAULT_PARAMS, rule)).toThrow(RangeError);
  });

  it("does not mutate its input", () => {
    const now = at("2026-02-01T12:00:00Z");
    const state = newCardState(now);
    const snapshot: SrsCardState = structuredClone(state);
    answerCard(state, 3, now, DEFAULT_PARAMS, { timeZone: "UTC", dayStartHour: 4 });
    expect(state).toEqual(snapshot);
  });
});

describe("resetCard", () => {
  it("starts over as a new card and logs the state it had", () => {
    const now = at("2026-02-01T12:00:00Z");
    const rule = { timeZone: "UTC", dayStartHour: 4 };
    const review = answerCard(newCardState(now), 4, now, NO_LEARNING_STEPS, rule).state;
    const resetAt = at("2026-02-03T09:00:00Z");
    expect(resetCard(resetAt)).toEqual({
      due: resetAt,
      stability: 0,
      difficulty: 0,
      elapsedDays: 0,
      scheduledDays: 0,
      learningSteps: 0,
      reps: 0,
      lapses: 0,
      state: "new",
      lastReview: null,
    });
    expect(buildResetLog(review, resetAt)).toEqual({
      rating: 0,
      state: "review",
      due: review.due,
      stability: review.stability,
      difficulty: review.difficulty,
      elapsedDays: 0,
      lastElapsedDays: review.elapsedDays,
      scheduledDays: review.scheduledDays,
      learningSteps: review.learningSteps,
      review: resetAt,
    });
  });
});
