import { describe, expect, it } from "vitest";
import { DEFAULT_PARAMS } from "@/lib/srs/params";
import { countCardsByState, dueForecast, meanRetrievability, trueRetention, type StatsCard } from "@/lib/srs/stats";

const NEW_YORK = { timeZone: "America/New_York", dayStartHour: 4 };
// 12:00 EST on Saturday 2026-03-07; DST starts overnight, so local day 0 lasts 23 h.
const NOW = new Date("2026-03-07T17:00:00Z");

function statsCard(overrides: Partial<StatsCard>): StatsCard {
  return { state: "review", due: NOW, stability: 10, lastReview: NOW, suspended: false, ...overrides };
}

describe("countCardsByState", () => {
  it("counts suspended cards only as suspended", () => {
    const counts = countCardsByState([
      { state: "new", suspended: false },
      { state: "new", suspended: false },
      { state: "learning", suspended: false },
      { state: "review", suspended: false },
      { state: "review", suspended: true },
      { state: "relearning", suspended: false },
    ]);
    expect(counts).toEqual({ new: 2, learning: 1, review: 1, relearning: 1, suspended: 1, total: 6 });
  });
});

describe("dueForecast", () => {
  it("buckets studied cards by the local day they are due on", () => {
    const cards = [
      statsCard({ due: new Date("2026-02-01T09:00:00Z") }), // overdue -> today
      statsCard({ state: "learning", due: new Date("2026-03-07T20:00:00Z") }), // later today
      statsCard({ due: new Date("2026-03-08T07:59:00Z") }), // 03:59 EDT: still today
      statsCard({ due: new Date("2026-03-08T08:00:00Z") }), // 04:00 EDT: tomorrow
      statsCard({ due: new Date("2026-03-09T08:00:00Z") }), // day 2
      statsCard({ due: new Date("2026-04-05T08:00:00Z") }), // day 29
      statsCard({ due: new Date("2026-04-06T08:00:00Z") }), // day 30: outside the window
      statsCard({ state: "new", due: NOW }),
      statsCard({ due: NOW, suspended: true }),
    ];
    const { dueToday, forecast } = dueForecast(cards, NOW, NEW_YORK);
    expect(forecast).toHaveLength(30);
    expect(dueToday).toBe(3);
    expect(forecast[0]).toBe(3);
    expect(forecast[1]).toBe(1);
    expect(forecast[2]).toBe(1);
    expect(forecast[29]).toBe(1);
    expect(forecast.reduce((sum, count) => sum + count, 0)).toBe(6);
  });
});

describe("trueRetention", () => {
  it("is the share of review-state answers in the last 30 local days that were not Again", () => {
    const logs = [
      { rating: 3, state: "review" as const, review: new Date("2026-03-07T16:00:00Z") },
      { rating: 1, state: "review" as const, review: new Date("2026-03-01T16:00:00Z") },
      { rating: 2, state: "review" as const, review: new Date("2026-02-06T09:00:00Z") }, // 04:00 EST, day 29 ago
      { rating: 4, state: "review" as const, review: new Date("2026-02-06T08:59:00Z") }, // day 30 ago: excluded
      { rating: 1, state: "learning" as const, review: new Date("2026-03-07T16:00:00Z") }, // not a review
      { rating: 1, state: "relearning" as const, review: new Date("2026-03-07T16:00:00Z") },
      { rating: 0, state: "review" as const, review: new Date("2026-03-07T16:00:00Z") }, // a reset
    ];
    expect(trueRetention(logs, NOW, NEW_YORK)).toEqual({ reviewed: 3, passed: 2, retention: 2 / 3 });
  });

  it("is null without reviews", () => {
    expect(trueRetention([], NOW, NEW_YORK)).toEqual({ reviewed: 0, passed: 0, retention: null });
  });
});

describe("meanRetrievability", () => {
  it("averages the forgetting curve over studied cards using elapsed local days", () => {
    const cards = [
      // Reviewed 10 local days ago with stability 10: R = 90% by definition of stability.
      statsCard({ lastReview: new Date("2026-02-25T17:00:00Z"), stability: 10 }),
      // Reviewed last night at 23:00 local: a different local day, so 1 day elapsed, not 0.
      statsCard({ lastReview: new Date("2026-03-07T04:00:00Z"), stability: 1 }),
      statsCard({ state: "new", lastReview: null, stability: 0 }),
      statsCard({ suspended: true }),
    ];
    const { cards: counted, mean } = meanRetrievability(cards, NOW, DEFAULT_PARAMS, NEW_YORK);
    expect(counted).toBe(2);
    expect(mean).toBeCloseTo((0.9 + 0.9) / 2, 8);
  });

  it("is null without studied cards", () => {
    expect(meanRetrievability([], NOW, DEFAULT_PARAMS, NEW_YORK)).toEqual({ cards: 0, mean: null });
  });
});
