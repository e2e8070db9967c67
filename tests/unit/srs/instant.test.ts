import { describe, expect, test } from "vitest";
import { answerCard, DEFAULT_PARAMS, newCardState, notBefore, previewOutcomes, strictlyAfter } from "@/lib/srs";

const rule = { timeZone: "America/Chicago", dayStartHour: 4 };
const now = new Date("2026-12-07T21:29:14.400Z");
const later = new Date("2026-12-07T21:29:14.406Z");

describe("the instant a read or a write works at", () => {
  test("a read works at its clock, or at the newest instant it read when that is later", () => {
    expect(notBefore(now)).toBe(now);
    expect(notBefore(now, null, undefined)).toBe(now);
    expect(notBefore(now, new Date(now.getTime() - 1))).toBe(now);
    expect(notBefore(now, later, new Date(now.getTime() - 5)).getTime()).toBe(later.getTime());
  });

  test("a write that follows an instant comes strictly after it", () => {
    expect(strictlyAfter(later, now)).toBe(later);
    expect(strictlyAfter(now, null)).toBe(now);
    expect(strictlyAfter(now, now).getTime()).toBe(now.getTime() + 1);
    expect(strictlyAfter(now, later).getTime()).toBe(later.getTime() + 1);
  });
});

describe("previews of a state answered after the reader's clock", () => {
  // The case of issue 20: the queue took `now`, then read a card answered 6 ms later.
  const answered = answerCard(newCardState(now), 3, later, DEFAULT_PARAMS, rule).state;

  test("do not throw, and equal the previews at the card's last review", () => {
    const previews = previewOutcomes(answered, now, DEFAULT_PARAMS, rule);
    expect(previews).toEqual(previewOutcomes(answered, later, DEFAULT_PARAMS, rule));
    for (const outcome of Object.values(previews)) expect(outcome.due.getTime()).toBeGreaterThan(later.getTime());
  });

  test("at a clock after the last review are unchanged", () => {
    const after = new Date(later.getTime() + 60_000);
    expect(previewOutcomes(answered, after, DEFAULT_PARAMS, rule).good.state.lastReview).toEqual(after);
  });
});
