import { describe, expect, it } from "vitest";
import { answerCard } from "@/lib/srs/answer";
import { newCardState } from "@/lib/srs/card";
import { becameLeech, DEFAULT_LEECH_THRESHOLD, isLeech } from "@/lib/srs/leech";
import { DEFAULT_PARAMS } from "@/lib/srs/params";
import { replayReviews, type ReviewEvent } from "@/lib/srs/replay";

const DAY = 86_400_000;
const rule = { timeZone: "UTC", dayStartHour: 4 };

describe("leeches", () => {
  it("becomes a leech at the threshold, then again every half threshold, only on a lapse", () => {
    expect(DEFAULT_LEECH_THRESHOLD).toBe(8);
    const hits = Array.from({ length: 20 }, (_, lapses) => lapses + 1).filter((after) => becameLeech(after - 1, after, 8));
    expect(hits).toEqual([8, 12, 16, 20]);
    expect(becameLeech(8, 8, 8)).toBe(false);
    expect(becameLeech(2, 3, 3)).toBe(true);
    expect([1, 2, 3].filter((after) => becameLeech(after - 1, after, 1))).toEqual([1, 2, 3]);
    expect(isLeech(7, 8)).toBe(false);
    expect(isLeech(8, 8)).toBe(true);
  });

  it("replaying a card's log re-derives its lapses, so its leech mark", () => {
    const start = Date.parse("2026-01-01T12:00:00Z");
    const events: ReviewEvent[] = [{ kind: "answer", rating: 4, reviewedAt: new Date(start) }];
    let state = answerCard(newCardState(new Date(start)), 4, new Date(start), DEFAULT_PARAMS, rule).state;
    let at = start;
    let leechAt: number | null = null;
    for (let cycle = 0; cycle < 9; cycle += 1) {
      at = Math.max(at + DAY, state.due.getTime());
      const lapsed = answerCard(state, 1, new Date(at), DEFAULT_PARAMS, rule).state;
      events.push({ kind: "answer", rating: 1, reviewedAt: new Date(at) });
      if (leechAt === null && becameLeech(state.lapses, lapsed.lapses, 8)) leechAt = lapsed.lapses;
      at += 11 * 60_000;
      state = answerCard(lapsed, 3, new Date(at), DEFAULT_PARAMS, rule).state;
      events.push({ kind: "answer", rating: 3, reviewedAt: new Date(at) });
    }
    expect(leechAt).toBe(8);
    const replayed = replayReviews(events, DEFAULT_PARAMS, rule)!;
    expect(replayed.lapses).toBe(9);
    expect(isLeech(replayed.lapses, 8)).toBe(true);
  });
});
