import { describe, expect, it } from "vitest";
import { clearLocalDayCache, localDayNumber, localDayNumberUncached, startOfLocalDayNumber } from "@/lib/srs/local-day";

// Day starts are remembered and, once a day's both ends are known, its instants are placed
// without `Intl` (lib/srs/local-day.ts). Remembered answers must equal fresh ones, including
// around DST changes, half-hour and 45-minute zones, and zones that changed their offset.
const ZONES = ["UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kolkata", "America/Santiago", "Pacific/Apia"];
const FROM = Date.parse("2025-02-20T00:00:00Z"); // through March, April, September, October and early November changes
const STEP_MS = 197 * 60_000 + 13_000; // not a divisor of an hour, so instants land all over the day
const SPAN_MS = 270 * 86_400_000;

function sample(timeZone: string, dayStartHour: number) {
  const days: number[] = [];
  const starts: number[] = [];
  for (let at = FROM; at < FROM + SPAN_MS; at += STEP_MS) {
    const day = localDayNumber(new Date(at), timeZone, dayStartHour);
    days.push(day);
    starts.push(startOfLocalDayNumber(day, timeZone, dayStartHour).getTime());
  }
  return { days, starts };
}

describe("remembered local days", () => {
  for (const timeZone of ZONES) {
    it(`gives the same days and day starts cold, warm and uncached in ${timeZone}`, () => {
      for (const dayStartHour of [0, 3, 4]) {
        clearLocalDayCache();
        const cold = sample(timeZone, dayStartHour);
        const warm = sample(timeZone, dayStartHour);
        expect(warm).toEqual(cold);
        for (const [index, day] of cold.days.entries()) {
          const at = FROM + index * STEP_MS;
          expect(localDayNumberUncached(new Date(at), timeZone, dayStartHour)).toBe(day);
          // Every instant lies in [start of its day, start of the next day).
          expect(cold.starts[index]!).toBeLessThanOrEqual(at);
          expect(startOfLocalDayNumber(day + 1, timeZone, dayStartHour).getTime()).toBeGreaterThan(at);
        }
      }
    });
  }

  it("places instants right at and just around day starts, warm", () => {
    for (const timeZone of ["America/New_York", "Pacific/Chatham", "Australia/Lord_Howe"]) {
      clearLocalDayCache();
      const first = localDayNumber(new Date(FROM), timeZone, 3);
      for (let day = first; day < first + 260; day += 1) {
        const start = startOfLocalDayNumber(day, timeZone, 3).getTime();
        for (const at of [start - 1, start, start + 1]) {
          expect(localDayNumber(new Date(at), timeZone, 3)).toBe(localDayNumberUncached(new Date(at), timeZone, 3));
        }
      }
    }
  });
});
