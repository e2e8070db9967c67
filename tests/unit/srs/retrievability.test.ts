import { describe, expect, test } from "vitest";
import { RetrievabilityEstimator } from "@/lib/srs";
import { DEFAULT_PARAMS, localDayNumber, meanRetrievability } from "@/lib/srs";

describe("the dashboard's retention estimate", () => {
  const now = new Date("2026-11-03T06:30:00Z");

  test("counts elapsed local days exactly as lib/srs does, across clock changes", () => {
    const estimator = new RetrievabilityEstimator(now);
    for (const [zone, hour] of [["America/New_York", 4], ["Europe/Berlin", 0], ["Australia/Lord_Howe", 4], ["Asia/Kolkata", 23], ["UTC", 4]] as const) {
      const today = localDayNumber(now, zone, hour);
      for (let minutes = -60; minutes < 400 * 24 * 60; minutes += 97) {
        const reviewed = new Date(now.getTime() - minutes * 60_000);
        const expected = Math.max(0, today - localDayNumber(reviewed, zone, hour));
        expect(estimator.elapsedDays(reviewed.getTime(), zone, hour), `${zone} ${reviewed.toISOString()}`).toBe(expected);
      }
    }
  });

  test("equals meanRetrievability for the same cards", () => {
    const cards = Array.from({ length: 30 }, (_, index) => ({
      state: "review" as const,
      due: now,
      suspended: false,
      stability: 0.5 + index * 1.7,
      lastReview: new Date(now.getTime() - index * 31 * 3_600_000),
    }));
    const rule = { timeZone: "America/Chicago", dayStartHour: 4 };
    const expected = meanRetrievability(cards, now, DEFAULT_PARAMS, rule).mean!;
    const estimate = new RetrievabilityEstimator(now).mean(
      cards.map((card) => Math.round(card.stability * 1000)),
      cards.map((card) => Math.floor(card.lastReview.getTime() / 1000)),
      rule.timeZone,
      rule.dayStartHour,
      null,
    );
    expect(estimate).toBeCloseTo(expected, 6);
  });
});
