import { describe, expect, it } from "vitest";
import { DEFAULT_PARAMS, effectiveWeights } from "@/lib/srs/params";
import { seededRandom, simulateStudy, simulateWorkload } from "@/lib/srs/simulate";

const RULE = { timeZone: "America/Chicago", dayStartHour: 4 };
const START = new Date("2026-02-02T16:00:00Z");
const cards = (n: number) => Array.from({ length: n }, (_, index) => `card-${index}`);

describe("simulateStudy", () => {
  it("is seeded: the same seed gives the same answers, another seed others", () => {
    const run = (seed: number) => simulateStudy({ unseen: cards(20), start: START, days: 30, newPerDay: 5, params: DEFAULT_PARAMS, dayRule: RULE, seed, keepAnswers: true });
    expect(run(1)).toEqual(run(1));
    expect(run(2).answers).not.toEqual(run(1).answers);
    expect(seededRandom(5)()).toBe(seededRandom(5)());
  });

  it("introduces new cards up to the daily limit, answers in time order, and studies every day in the student's local day", () => {
    const { days, answers } = simulateStudy({ unseen: cards(12), start: START, days: 10, newPerDay: 5, params: DEFAULT_PARAMS, dayRule: RULE, seed: 3, keepAnswers: true });
    expect(days.map((day) => day.newCards)).toEqual([5, 5, 2, 0, 0, 0, 0, 0, 0, 0]);
    expect(new Set(answers.map((answer) => answer.cardId)).size).toBe(12);
    for (let index = 1; index < answers.length; index += 1) {
      expect(answers[index]!.reviewedAt.getTime()).toBeGreaterThan(answers[index - 1]!.reviewedAt.getTime());
    }
    expect(days.reduce((sum, day) => sum + day.reviews, 0)).toBe(answers.length);
  });

  it("a learner who forgets faster than the scheduler assumes fails more reviews", () => {
    const defaults = [...effectiveWeights(DEFAULT_PARAMS)];
    const forgetful = defaults.map((weight, index) => (index < 4 ? weight * 0.2 : weight));
    const lapses = (trueWeights: number[]) =>
      simulateStudy({ unseen: cards(40), start: START, days: 60, newPerDay: 8, params: DEFAULT_PARAMS, trueWeights, dayRule: RULE, seed: 11, keepAnswers: true }).answers.filter(
        (answer) => answer.rating === 1,
      ).length;
    expect(lapses(forgetful)).toBeGreaterThan(lapses(defaults) * 1.3);
  });
});

describe("simulateWorkload", () => {
  const rows = simulateWorkload({
    studied: [],
    unseen: cards(60),
    now: START,
    params: DEFAULT_PARAMS,
    dayRule: RULE,
    newPerDay: 6,
    retentions: [0.8, 0.9, 0.95],
    horizons: [30, 90],
    runs: 2,
    seed: 7,
  });

  it("gives one row per desired retention and horizon", () => {
    expect(rows.map((row) => `${row.desiredRetention}/${row.horizonDays}`)).toEqual(["0.8/30", "0.8/90", "0.9/30", "0.9/90", "0.95/30", "0.95/90"]);
  });

  it("costs more reviews and keeps more in memory as the desired retention rises", () => {
    const at = (retention: number, horizon: number) => rows.find((row) => row.desiredRetention === retention && row.horizonDays === horizon)!;
    for (const horizon of [30, 90]) {
      expect(at(0.9, horizon).reviewsPerDay).toBeGreaterThan(at(0.8, horizon).reviewsPerDay);
      expect(at(0.95, horizon).reviewsPerDay).toBeGreaterThan(at(0.9, horizon).reviewsPerDay);
      expect(at(0.95, horizon).expectedRetention!).toBeGreaterThan(at(0.8, horizon).expectedRetention!);
    }
    for (const row of rows) {
      expect(row.expectedRetention!).toBeGreaterThan(0.5);
      expect(row.expectedRetention!).toBeLessThanOrEqual(1);
      expect(row.peakReviews).toBeGreaterThanOrEqual(row.reviewsPerDay);
    }
  });

  it("is pure: the same inputs give the same rows", () => {
    expect(
      simulateWorkload({ studied: [], unseen: cards(60), now: START, params: DEFAULT_PARAMS, dayRule: RULE, newPerDay: 6, retentions: [0.8, 0.9, 0.95], horizons: [30, 90], runs: 2, seed: 7 }),
    ).toEqual(rows);
  });
});
