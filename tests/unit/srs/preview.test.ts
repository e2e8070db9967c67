import { describe, expect, it } from "vitest";
import { answerCard } from "@/lib/srs/answer";
import { newCardState } from "@/lib/srs/card";
import { DEFAULT_PARAMS, parseSchedulerParams } from "@/lib/srs/params";
import { formatDurationLabel, formatIntervalLabel, previewOutcomes } from "@/lib/srs/preview";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe("formatDurationLabel", () => {
  it.each([
    [-5 * SECOND, "<1m"],
    [0, "<1m"],
    [59 * SECOND, "<1m"],
    [MINUTE, "1m"],
    [89 * SECOND, "1m"],
    [90 * SECOND, "2m"],
    [10 * MINUTE, "10m"],
    [59 * MINUTE + 29 * SECOND, "59m"],
    [59 * MINUTE + 30 * SECOND, "1h"],
    [HOUR, "1h"],
    [90 * MINUTE, "2h"],
    [23 * HOUR + 29 * MINUTE, "23h"],
    [23 * HOUR + 30 * MINUTE, "1d"],
    [DAY, "1d"],
    [36 * HOUR, "2d"],
    [2 * DAY, "2d"],
    [13 * DAY, "13d"],
    [13.5 * DAY, "2w"],
    [14 * DAY, "2w"],
    [21 * DAY, "3w"],
    [59 * DAY, "8w"],
    [60 * DAY, "2mo"],
    [120 * DAY, "4mo"],
    [350 * DAY, "11mo"],
    [351 * DAY, "1y"],
    [365 * DAY, "1y"],
    [438 * DAY, "1.2y"],
    [3652.5 * DAY, "10y"],
    [36500 * DAY, "99.9y"],
    [Number.NaN, "<1m"],
  ])("%d ms -> %s", (duration, label) => {
    expect(formatDurationLabel(duration)).toBe(label);
  });

  it("formats the span between two instants", () => {
    expect(formatIntervalLabel(new Date("2026-01-01T00:00:00Z"), new Date("2026-01-01T00:10:00Z"))).toBe("10m");
  });
});

describe("previewOutcomes", () => {
  it("labels a new card's outcomes with the learning steps and the first interval", () => {
    const now = new Date("2026-04-01T12:00:00Z");
    const preview = previewOutcomes(newCardState(now), now, DEFAULT_PARAMS, { timeZone: "UTC", dayStartHour: 4 });
    expect(preview.again).toMatchObject({ label: "1m", due: new Date("2026-04-01T12:01:00Z") });
    expect(preview.hard).toMatchObject({ label: "6m", due: new Date("2026-04-01T12:06:00Z") });
    expect(preview.good).toMatchObject({ label: "10m", due: new Date("2026-04-01T12:10:00Z") });
    expect(preview.easy.state.state).toBe("review");
    expect(preview.easy.label).toBe(`${preview.easy.state.scheduledDays}d`);
    expect(preview.easy.due).toEqual(
      new Date(`2026-04-${String(1 + preview.easy.state.scheduledDays).padStart(2, "0")}T04:00:00Z`),
    );
  });

  it("labels review outcomes by local days, not by the hours until the day starts", () => {
    const params = parseSchedulerParams({ ...DEFAULT_PARAMS, learningSteps: [] });
    const rule = { timeZone: "Asia/Kolkata", dayStartHour: 4 };
    const lateEvening = new Date("2026-04-01T17:30:00Z"); // 23:00 IST
    const preview = previewOutcomes(newCardState(lateEvening), lateEvening, params, rule);
    expect(preview.hard.due.toISOString()).toBe("2026-04-01T22:30:00.000Z"); // 04:00 IST, 5 h later
    expect(preview.hard.label).toBe("1d");
  });

  it("labels a relearning step by its real duration", () => {
    const now = new Date("2026-04-01T12:00:00Z");
    const rule = { timeZone: "UTC", dayStartHour: 4 };
    const params = parseSchedulerParams({ ...DEFAULT_PARAMS, learningSteps: [] });
    const review = answerCard(newCardState(now), 3, now, params, rule).state;
    expect(previewOutcomes(review, review.due, params, rule).again.label).toBe("10m");
  });
});

describe("Easy after Good", () => {
  const rule = { timeZone: "UTC", dayStartHour: 4 };
  const histories: readonly (readonly (1 | 2 | 3 | 4)[])[] = [[], [1], [2], [3], [1, 3], [2, 3], [1, 1], [3, 1], [1, 2], [1, 1, 3], [3, 3, 1], [3, 3, 1, 1]];

  it.each(histories.map((history) => [history.join(",") || "new", history] as const))(
    "Easy is due on a later local day than Good after %s",
    (_name, history) => {
      const start = new Date("2026-04-01T12:00:00Z");
      let state = newCardState(start);
      let at = start.getTime();
      for (const rating of history) {
        state = answerCard(state, rating, new Date(at), DEFAULT_PARAMS, rule).state;
        at += 11 * MINUTE;
      }
      const preview = previewOutcomes(state, new Date(at), DEFAULT_PARAMS, rule);
      expect(preview.easy.due.getTime()).toBeGreaterThan(preview.good.due.getTime());
      if (preview.good.state.state === "review") {
        expect(preview.easy.state.scheduledDays).toBeGreaterThan(preview.good.state.scheduledDays);
        expect(preview.easy.label).not.toBe(preview.good.label);
      }
    },
  );

  it("a learning card about to graduate after Again, Good shows Good 1d and Easy 2d (was 1d and 1d)", () => {
    const start = new Date("2026-04-01T12:00:00Z");
    const learning = answerCard(newCardState(start), 1, start, DEFAULT_PARAMS, rule).state;
    const preview = previewOutcomes(learning, new Date(start.getTime() + 11 * MINUTE), DEFAULT_PARAMS, rule);
    const afterGood = answerCard(learning, 3, new Date(start.getTime() + 11 * MINUTE), DEFAULT_PARAMS, rule).state;
    const graduating = previewOutcomes(afterGood, afterGood.due, DEFAULT_PARAMS, rule);
    expect(graduating.good.label).toBe("1d");
    expect(graduating.easy.label).toBe("2d");
    expect(preview.good.label).toBe("10m");
  });
});
