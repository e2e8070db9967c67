import { describe, expect, it } from "vitest";
import { standingHistories, timeSeriesFolds, trainingItems, type TrainingLogEntry } from "@/lib/srs/training";

const NEW_YORK = { timeZone: "America/New_York", dayStartHour: 4 };
const answer = (cardId: string, rating: number, iso: string, undone = false): TrainingLogEntry => ({
  cardId,
  kind: "answer",
  rating,
  reviewedAt: new Date(iso),
  undone,
});
const reset = (cardId: string, iso: string): TrainingLogEntry => ({ cardId, kind: "reset", rating: 0, reviewedAt: new Date(iso), undone: false });

describe("training data from the review log", () => {
  it("counts the student's local days, not 24-hour periods", () => {
    const logs = [
      // 22:00 and 01:00 New York time (EST, UTC-5) are the same local day with a 4 o'clock day start ...
      answer("a", 3, "2026-01-10T03:00:00Z"),
      answer("a", 3, "2026-01-10T06:00:00Z"),
      // ... and 05:00 the same morning is the next one, though only four hours later.
      answer("a", 1, "2026-01-10T10:00:00Z"),
      answer("a", 3, "2026-01-13T15:00:00Z"),
    ];
    const histories = standingHistories(logs, NEW_YORK);
    expect(histories.get("a")?.reviews).toEqual([
      { rating: 3, deltaT: 0 },
      { rating: 3, deltaT: 0 },
      { rating: 1, deltaT: 1 },
      { rating: 3, deltaT: 3 },
    ]);
    // The same instants in UTC with midnight day starts give other gaps.
    expect(standingHistories(logs, { timeZone: "UTC", dayStartHour: 0 }).get("a")?.reviews.map((review) => review.deltaT)).toEqual([0, 0, 0, 3]);
  });

  it("leaves undone answers out, as if they had never been given", () => {
    const logs = [
      answer("a", 3, "2026-01-10T15:00:00Z"),
      answer("a", 1, "2026-01-12T15:00:00Z", true),
      answer("a", 4, "2026-01-12T15:01:00Z"),
    ];
    expect(standingHistories(logs, NEW_YORK).get("a")?.reviews).toEqual([
      { rating: 3, deltaT: 0 },
      { rating: 4, deltaT: 2 },
    ]);
  });

  it("starts a card's history afresh at a reset, and a reset card without later answers has none", () => {
    const logs = [
      answer("a", 3, "2026-01-10T15:00:00Z"),
      answer("a", 3, "2026-01-12T15:00:00Z"),
      reset("a", "2026-01-13T15:00:00Z"),
      answer("a", 2, "2026-01-20T15:00:00Z"),
      answer("a", 3, "2026-01-21T15:00:00Z"),
      answer("b", 3, "2026-01-10T15:00:00Z"),
      reset("b", "2026-01-11T15:00:00Z"),
    ];
    const histories = standingHistories(logs, NEW_YORK);
    expect(histories.get("a")?.reviews).toEqual([
      { rating: 2, deltaT: 0 },
      { rating: 3, deltaT: 1 },
    ]);
    expect(histories.has("b")).toBe(false);
  });

  it("reads the log in time order whatever order the rows come in, and skips ratings outside 1-4", () => {
    const logs = [answer("a", 3, "2026-01-12T15:00:00Z"), answer("a", 7, "2026-01-11T15:00:00Z"), answer("a", 1, "2026-01-10T15:00:00Z")];
    expect(standingHistories(logs, NEW_YORK).get("a")?.reviews).toEqual([
      { rating: 1, deltaT: 0 },
      { rating: 3, deltaT: 2 },
    ]);
  });

  it("makes one item per review on a later day, holding every review before it, oldest first", () => {
    const logs = [
      answer("b", 3, "2026-01-11T15:00:00Z"),
      answer("a", 1, "2026-01-10T15:00:00Z"),
      answer("a", 3, "2026-01-10T15:10:00Z"),
      answer("a", 3, "2026-01-12T15:00:00Z"),
      answer("b", 3, "2026-01-13T15:00:00Z"),
      answer("a", 2, "2026-01-16T15:00:00Z"),
    ];
    const items = trainingItems(logs, NEW_YORK);
    expect(items.map((item) => [item.cardId, item.reviewedAt.toISOString(), item.reviews.map((r) => `${r.rating}/${r.deltaT}`).join(" ")])).toEqual([
      ["a", "2026-01-12T15:00:00.000Z", "1/0 3/0 3/2"],
      ["b", "2026-01-13T15:00:00.000Z", "3/0 3/2"],
      ["a", "2026-01-16T15:00:00.000Z", "1/0 3/0 3/2 2/4"],
    ]);
  });

  it("splits time-ordered items into folds that each train on what came before", () => {
    expect(timeSeriesFolds(12, 3)).toEqual([
      { trainEnd: 3, testStart: 3, testEnd: 6 },
      { trainEnd: 6, testStart: 6, testEnd: 9 },
      { trainEnd: 9, testStart: 9, testEnd: 12 },
    ]);
    expect(timeSeriesFolds(1, 4)).toEqual([]);
    expect(() => timeSeriesFolds(10, 0)).toThrow(RangeError);
  });
});
