import { describe, expect, test } from "vitest";
import { forecastCards, passageRecall, recallBand, RetrievabilityEstimator } from "@/lib/srs";

const AT = new Date("2026-05-14T17:00:00Z");
const DAY = 86_400_000;
const student = { timeZone: "UTC", dayStartHour: 4, weights: null };

describe("passageRecall", () => {
  test("per passage: mean over every learner's figure of the cards citing it; uncited passages empty", () => {
    const cards = [
      { cardId: "a", label: "A?", anchors: ["p1"] },
      { cardId: "b", label: "B?", anchors: ["p1", "p2"] },
      { cardId: "c", label: "C?", anchors: ["p2", "p2"] },
    ];
    const recalls = [
      { cardId: "a", recall: 0.9 },
      { cardId: "a", recall: 0.7 },
      { cardId: "b", recall: 0.5 },
    ];
    const [p1, p2, p3] = passageRecall(["p1", "p2", "p3"], cards, recalls);
    expect(p1!.cards).toEqual([
      { cardId: "a", label: "A?", meanRecall: 0.8, learners: 2 },
      { cardId: "b", label: "B?", meanRecall: 0.5, learners: 1 },
    ]);
    expect(p1!.meanRecall).toBeCloseTo((0.9 + 0.7 + 0.5) / 3, 12);
    expect(p1!.figures).toBe(3);
    // A card citing a passage twice counts once; an unlearned card adds no figure.
    expect(p2!.cards.map((card) => [card.cardId, card.meanRecall])).toEqual([
      ["b", 0.5],
      ["c", null],
    ]);
    expect(p2!.meanRecall).toBe(0.5);
    expect(p3).toEqual({ anchor: "p3", cards: [], meanRecall: null, figures: 0 });
  });

  test("with forecasts on a fixed date: a card reviewed long ago shades its passage lower", () => {
    const estimator = new RetrievabilityEstimator(AT);
    const forecasts = forecastCards(
      [
        { cardId: "fresh", stability: 10, lastReview: new Date(AT.getTime() - 1 * DAY) },
        { cardId: "stale", stability: 2, lastReview: new Date(AT.getTime() - 30 * DAY) },
        { cardId: "new", stability: 0, lastReview: null },
      ],
      student,
      estimator,
    );
    const map = passageRecall(
      ["p1", "p2", "p3"],
      [
        { cardId: "fresh", label: "F", anchors: ["p1"] },
        { cardId: "stale", label: "S", anchors: ["p2"] },
        { cardId: "new", label: "N", anchors: ["p3"] },
      ],
      forecasts,
    );
    const fresh = forecasts.find((forecast) => forecast.cardId === "fresh")!.recall;
    expect(map[0]!.meanRecall).toBe(fresh);
    expect(map[0]!.meanRecall!).toBeGreaterThan(map[1]!.meanRecall!);
    expect(map[2]!.meanRecall).toBeNull();
    expect(recallBand(map[0]!.meanRecall)).toBe("strong");
    expect(recallBand(map[1]!.meanRecall)).toBe("weak");
  });

  test("bands", () => {
    expect([recallBand(null), recallBand(0.9), recallBand(0.89), recallBand(0.7), recallBand(0.69)]).toEqual(["none", "strong", "fair", "fair", "weak"]);
  });
});
