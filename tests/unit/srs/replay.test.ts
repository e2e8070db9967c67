import { describe, expect, it } from "vitest";
import { answerCard, resetCard } from "@/lib/srs/answer";
import { newCardState, type SrsCardState } from "@/lib/srs/card";
import { DEFAULT_PARAMS } from "@/lib/srs/params";
import { replayReviews, statesEqual, UnorderedReviewEventsError } from "@/lib/srs/replay";

const RULE = { timeZone: "Europe/London", dayStartHour: 4 };
const at = (iso: string) => new Date(iso);

describe("replayReviews", () => {
  it("returns null for a card that was never studied", () => {
    expect(replayReviews([], DEFAULT_PARAMS, RULE)).toBeNull();
  });

  it("rebuilds the state answered one by one, across a reset", () => {
    const t1 = at("2026-03-28T20:00:00Z");
    const t2 = at("2026-03-28T20:10:00Z");
    const t3 = at("2026-04-02T07:00:00Z");
    const t4 = at("2026-04-03T07:00:00Z");
    const t5 = at("2026-04-03T07:05:00Z");
    let state: SrsCardState = answerCard(newCardState(t1), 3, t1, DEFAULT_PARAMS, RULE).state;
    state = answerCard(state, 3, t2, DEFAULT_PARAMS, RULE).state;
    state = answerCard(state, 1, t3, DEFAULT_PARAMS, RULE).state;
    state = resetCard(t4);
    state = answerCard(state, 4, t5, DEFAULT_PARAMS, RULE).state;

    const replayed = replayReviews(
      [
        { kind: "answer", rating: 3, reviewedAt: t1 },
        { kind: "answer", rating: 3, reviewedAt: t2 },
        { kind: "answer", rating: 1, reviewedAt: t3 },
        { kind: "reset", reviewedAt: t4 },
        { kind: "answer", rating: 4, reviewedAt: t5 },
      ],
      DEFAULT_PARAMS,
      RULE,
    );
    expect(replayed).toEqual(state);
  });

  it("ends in the new state when the last event is a reset", () => {
    const t1 = at("2026-01-01T12:00:00Z");
    const t2 = at("2026-01-05T12:00:00Z");
    const events = [
      { kind: "answer", rating: 3, reviewedAt: t1 },
      { kind: "reset", reviewedAt: t2 },
    ] as const;
    expect(replayReviews(events, DEFAULT_PARAMS, RULE)).toEqual(resetCard(t2));
  });

  it("rejects events out of order", () => {
    const events = [
      { kind: "answer", rating: 3, reviewedAt: at("2026-01-02T00:00:00Z") },
      { kind: "answer", rating: 3, reviewedAt: at("2026-01-01T00:00:00Z") },
    ] as const;
    expect(() => replayReviews(events, DEFAULT_PARAMS, RULE)).toThrow(UnorderedReviewEventsError);
  });
});

describe("statesEqual", () => {
  const base = answerCard(
    newCardState(at("2026-01-01T12:00:00Z")),
    3,
    at("2026-01-01T12:00:00Z"),
    DEFAULT_PARAMS,
    RULE,
  ).state;

  it("tolerates float noise in stability and difficulty", () => {
    expect(statesEqual(base, { ...base, stability: base.stability * (1 + 1e-12) })).toBe(true);
    expect(statesEqual(base, { ...base, difficulty: base.difficulty * (1 - 5e-10) })).toBe(true);
  });

  it("notices real differences", () => {
    expect(statesEqual(base, { ...base, stability: base.stability * (1 + 1e-6) })).toBe(false);
    expect(statesEqual(base, { ...base, due: new Date(base.due.getTime() + 1) })).toBe(false);
    expect(statesEqual(base, { ...base, lastReview: null })).toBe(false);
    expect(statesEqual(base, { ...base, reps: base.reps + 1 })).toBe(false);
    expect(statesEqual(base, { ...base, state: "review" })).toBe(false);
  });
});
