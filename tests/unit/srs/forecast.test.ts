import { describe, expect, test } from "vitest";
import { forgetting_curve } from "ts-fsrs";
import { DEFAULT_PARAMS, effectiveWeights, examMoment, forecastCards, RetrievabilityEstimator, summarizeForecast } from "@/lib/srs";

const DEFAULT_WEIGHTS = [...effectiveWeights(DEFAULT_PARAMS)];

describe("exam-day forecast", () => {
  test("the exam is taken at noon on its calendar day in the class's zone", () => {
    expect(examMoment("2026-05-14", "UTC").toISOString()).toBe("2026-05-14T12:00:00.000Z");
    expect(examMoment("2026-05-14", "America/Chicago").toISOString()).toBe("2026-05-14T17:00:00.000Z");
    expect(examMoment("2026-05-14", "Asia/Tokyo").toISOString()).toBe("2026-05-14T03:00:00.000Z");
    // The day the clocks change in Berlin (23 hours long): still noon on the wall clock.
    expect(examMoment("2026-03-29", "Europe/Berlin").toISOString()).toBe("2026-03-29T10:00:00.000Z");
  });

  test("each card's recall follows the forgetting curve over the local days from its last review to the exam day", () => {
    const exam = examMoment("2026-05-14", "America/New_York");
    const student = { timeZone: "America/New_York", dayStartHour: 4, weights: null };
    const cards = [
      // Reviewed at 10:00 local on 2026-05-04: 10 local days before the exam.
      { cardId: "a", stability: 5, lastReview: new Date("2026-05-04T14:00:00Z") },
      // Reviewed at 02:00 local on 2026-05-05, before the 04:00 day start: it counts as 2026-05-04, 10 days.
      { cardId: "b", stability: 20, lastReview: new Date("2026-05-05T06:00:00Z") },
      // Never reviewed (a new card): no forecast.
      { cardId: "c", stability: 0, lastReview: null },
      // Reviewed on exam day itself: nothing forgotten yet.
      { cardId: "d", stability: 3, lastReview: new Date("2026-05-14T13:00:00Z") },
    ];
    const forecasts = forecastCards(cards, student, new RetrievabilityEstimator(exam));
    expect(forecasts.map((forecast) => forecast.cardId)).toEqual(["a", "b", "d"]);
    expect(forecasts[0]!.recall).toBeCloseTo(forgetting_curve(DEFAULT_WEIGHTS, 10, 5), 12);
    expect(forecasts[1]!.recall).toBeCloseTo(forgetting_curve(DEFAULT_WEIGHTS, 10, 20), 12);
    expect(forecasts[2]!.recall).toBe(1);
    // Stability is the interval at which recall falls to 90 %: 5 days of stability, 10 days away, is well below.
    expect(forecasts[0]!.recall).toBeLessThan(0.9);
    expect(forecasts[1]!.recall).toBeGreaterThan(0.9);
  });

  test("a student's own weights change the curve", () => {
    const exam = examMoment("2026-05-14", "UTC");
    const card = { cardId: "a", stability: 5, lastReview: new Date("2026-05-01T12:00:00Z") };
    const steeper = [...DEFAULT_WEIGHTS];
    steeper[20] = 0.6;
    const [withDefaults] = forecastCards([card], { timeZone: "UTC", dayStartHour: 0, weights: null }, new RetrievabilityEstimator(exam));
    const [withOwn] = forecastCards([card], { timeZone: "UTC", dayStartHour: 0, weights: steeper }, new RetrievabilityEstimator(exam));
    expect(withOwn!.recall).toBeCloseTo(forgetting_curve(steeper, 13, 5), 12);
    expect(withOwn!.recall).not.toBeCloseTo(withDefaults!.recall, 3);
  });

  test("the summary gives the mean and the cards below the student's target", () => {
    expect(summarizeForecast([{ recall: 0.95 }, { recall: 0.7 }, { recall: 0.85 }], 0.9)).toEqual({ cards: 3, meanRecall: (0.95 + 0.7 + 0.85) / 3, belowTarget: 2 });
    expect(summarizeForecast([], 0.9)).toEqual({ cards: 0, meanRecall: null, belowTarget: 0 });
  });
});
