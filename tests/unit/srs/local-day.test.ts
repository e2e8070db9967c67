import { describe, expect, it } from "vitest";
import {
  addLocalDays,
  endOfLocalDay,
  isValidTimeZone,
  localDayNumber,
  startOfLocalDay,
  startOfLocalDayNumber,
} from "@/lib/srs/local-day";

const DAY_MS = 86_400_000;
const dayNumberOf = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;

describe("localDayNumber", () => {
  // [zone, dayStartHour, instant, wall clock there (for the reader), expected local day]
  const rows: [string, number, string, string, string][] = [
    ["UTC", 0, "2026-01-01T00:00:00Z", "00:00", "2026-01-01"],
    ["UTC", 0, "2025-12-31T23:59:59.999Z", "23:59:59.999", "2025-12-31"],
    ["UTC", 4, "2026-01-01T03:59:00Z", "03:59", "2025-12-31"],
    ["UTC", 4, "2026-01-01T04:00:00Z", "04:00", "2026-01-01"],
    // New York, spring forward 2026-03-08 02:00 EST -> 03:00 EDT
    ["America/New_York", 4, "2026-03-08T06:59:00Z", "01:59 EST", "2026-03-07"],
    ["America/New_York", 4, "2026-03-08T07:59:00Z", "03:59 EDT", "2026-03-07"],
    ["America/New_York", 4, "2026-03-08T08:00:00Z", "04:00 EDT", "2026-03-08"],
    ["America/New_York", 0, "2026-03-08T04:59:59Z", "23:59:59 EST", "2026-03-07"],
    ["America/New_York", 0, "2026-03-08T05:00:00Z", "00:00 EST", "2026-03-08"],
    ["America/New_York", 0, "2026-03-09T03:59:00Z", "23:59 EDT", "2026-03-08"],
    ["America/New_York", 0, "2026-03-09T04:00:00Z", "00:00 EDT", "2026-03-09"],
    // New York, fall back 2026-11-01 02:00 EDT -> 01:00 EST
    ["America/New_York", 4, "2026-11-01T05:30:00Z", "01:30 EDT", "2026-10-31"],
    ["America/New_York", 4, "2026-11-01T06:30:00Z", "01:30 EST", "2026-10-31"],
    ["America/New_York", 4, "2026-11-01T08:59:00Z", "03:59 EST", "2026-10-31"],
    ["America/New_York", 4, "2026-11-01T09:00:00Z", "04:00 EST", "2026-11-01"],
    ["America/New_York", 0, "2026-11-01T03:59:00Z", "23:59 EDT", "2026-10-31"],
    ["America/New_York", 0, "2026-11-01T04:00:00Z", "00:00 EDT", "2026-11-01"],
    ["America/New_York", 0, "2026-11-02T04:59:00Z", "23:59 EST", "2026-11-01"],
    ["America/New_York", 0, "2026-11-02T05:00:00Z", "00:00 EST", "2026-11-02"],
    // London, BST from 2026-03-29 01:00 GMT to 2026-10-25 02:00 BST
    ["Europe/London", 4, "2026-03-29T02:59:00Z", "03:59 BST", "2026-03-28"],
    ["Europe/London", 4, "2026-03-29T03:00:00Z", "04:00 BST", "2026-03-29"],
    ["Europe/London", 4, "2026-10-25T03:59:00Z", "03:59 GMT", "2026-10-24"],
    ["Europe/London", 4, "2026-10-25T04:00:00Z", "04:00 GMT", "2026-10-25"],
    ["Europe/London", 0, "2026-07-01T22:59:00Z", "23:59 BST", "2026-07-01"],
    ["Europe/London", 0, "2026-07-01T23:00:00Z", "00:00 BST", "2026-07-02"],
    // Kolkata, +05:30
    ["Asia/Kolkata", 4, "2026-06-30T22:29:00Z", "03:59", "2026-06-30"],
    ["Asia/Kolkata", 4, "2026-06-30T22:30:00Z", "04:00", "2026-07-01"],
    ["Asia/Kolkata", 0, "2026-06-30T18:29:59Z", "23:59:59", "2026-06-30"],
    ["Asia/Kolkata", 0, "2026-06-30T18:30:00Z", "00:00", "2026-07-01"],
    // Lord Howe, +10:30 standard / +11 daylight (half-hour DST)
    ["Australia/Lord_Howe", 4, "2026-01-14T16:59:00Z", "03:59 +11", "2026-01-14"],
    ["Australia/Lord_Howe", 4, "2026-01-14T17:00:00Z", "04:00 +11", "2026-01-15"],
    ["Australia/Lord_Howe", 4, "2026-07-14T17:29:00Z", "03:59 +10:30", "2026-07-14"],
    ["Australia/Lord_Howe", 4, "2026-07-14T17:30:00Z", "04:00 +10:30", "2026-07-15"],
    ["Australia/Lord_Howe", 0, "2026-07-14T13:30:00Z", "00:00 +10:30", "2026-07-15"],
    // Kiritimati, +14: ahead of UTC by more than half a day
    ["Pacific/Kiritimati", 4, "2025-12-31T13:59:00Z", "03:59", "2025-12-31"],
    ["Pacific/Kiritimati", 4, "2025-12-31T14:00:00Z", "04:00", "2026-01-01"],
    ["Pacific/Kiritimati", 0, "2025-12-31T10:00:00Z", "00:00", "2026-01-01"],
    // Chatham falls back 03:45 -> 02:45 on 2026-04-05; with h=3 the day starts at the first 03:00
    // and the repeated 02:45-03:00 already belongs to it.
    ["Pacific/Chatham", 3, "2026-04-04T13:14:00Z", "02:59 +13:45", "2026-04-04"],
    ["Pacific/Chatham", 3, "2026-04-04T13:15:00Z", "03:00 +13:45", "2026-04-05"],
    ["Pacific/Chatham", 3, "2026-04-04T14:00:00Z", "02:45 +12:45 (repeat)", "2026-04-05"],
    ["Pacific/Chatham", 3, "2026-04-04T14:14:00Z", "02:59 +12:45 (repeat)", "2026-04-05"],
  ];

  it.each(rows)("%s h=%i at %s (%s) is local day %s", (zone, hour, instant, _wall, expected) => {
    expect(localDayNumber(new Date(instant), zone, hour)).toBe(dayNumberOf(expected));
  });

  it("rejects unknown zones, bad hours and invalid dates", () => {
    const instant = new Date("2026-01-01T00:00:00Z");
    expect(() => localDayNumber(instant, "Mars/Olympus_Mons", 4)).toThrow(RangeError);
    expect(() => localDayNumber(instant, "UTC", 24)).toThrow(RangeError);
    expect(() => localDayNumber(instant, "UTC", 1.5)).toThrow(RangeError);
    expect(() => localDayNumber(new Date(Number.NaN), "UTC", 4)).toThrow(RangeError);
  });
});

describe("startOfLocalDayNumber / day lengths", () => {
  // [zone, dayStartHour, local day, expected start, expected length in hours]
  const rows: [string, number, string, string, number][] = [
    ["UTC", 0, "2026-01-01", "2026-01-01T00:00:00Z", 24],
    ["UTC", 4, "2026-01-01", "2026-01-01T04:00:00Z", 24],
    ["America/New_York", 4, "2026-03-07", "2026-03-07T09:00:00Z", 23],
    ["America/New_York", 4, "2026-03-08", "2026-03-08T08:00:00Z", 24],
    ["America/New_York", 4, "2026-10-31", "2026-10-31T08:00:00Z", 25],
    ["America/New_York", 4, "2026-11-01", "2026-11-01T09:00:00Z", 24],
    ["America/New_York", 0, "2026-03-08", "2026-03-08T05:00:00Z", 23],
    ["America/New_York", 0, "2026-11-01", "2026-11-01T04:00:00Z", 25],
    // 02:00 does not exist on 2026-03-08: the day starts when the clock jumps to 03:00.
    ["America/New_York", 2, "2026-03-08", "2026-03-08T07:00:00Z", 23],
    // 01:00 happens twice on 2026-11-01: the day starts at the first one.
    ["America/New_York", 1, "2026-11-01", "2026-11-01T05:00:00Z", 25],
    ["Europe/London", 0, "2026-03-29", "2026-03-29T00:00:00Z", 23],
    ["Europe/London", 0, "2026-10-25", "2026-10-24T23:00:00Z", 25],
    ["Europe/London", 4, "2026-03-28", "2026-03-28T04:00:00Z", 23],
    ["Europe/London", 4, "2026-10-24", "2026-10-24T03:00:00Z", 25],
    ["Asia/Kolkata", 0, "2026-07-01", "2026-06-30T18:30:00Z", 24],
    ["Asia/Kolkata", 4, "2026-07-01", "2026-06-30T22:30:00Z", 24],
    ["Australia/Lord_Howe", 0, "2026-04-05", "2026-04-04T13:00:00Z", 24.5],
    ["Australia/Lord_Howe", 4, "2026-04-04", "2026-04-03T17:00:00Z", 24.5],
    ["Australia/Lord_Howe", 0, "2026-10-04", "2026-10-03T13:30:00Z", 23.5],
    ["Australia/Lord_Howe", 4, "2026-10-03", "2026-10-02T17:30:00Z", 23.5],
    // 01:30-02:00 repeats on 2026-04-05; 02:00 is first reached after the repeat.
    ["Australia/Lord_Howe", 2, "2026-04-05", "2026-04-04T15:30:00Z", 24],
    ["Pacific/Kiritimati", 0, "2026-01-01", "2025-12-31T10:00:00Z", 24],
    ["Pacific/Kiritimati", 4, "2026-01-01", "2025-12-31T14:00:00Z", 24],
    ["Pacific/Chatham", 0, "2026-04-05", "2026-04-04T10:15:00Z", 25],
    ["Pacific/Chatham", 3, "2026-04-05", "2026-04-04T13:15:00Z", 25],
    ["Pacific/Chatham", 3, "2026-09-27", "2026-09-26T14:00:00Z", 23.25],
  ];

  it.each(rows)("%s h=%i: %s starts at %s and lasts %sh", (zone, hour, day, start, hours) => {
    const dayNumber = dayNumberOf(day);
    const dayStart = startOfLocalDayNumber(dayNumber, zone, hour);
    expect(dayStart.toISOString()).toBe(new Date(start).toISOString());
    const nextStart = startOfLocalDayNumber(dayNumber + 1, zone, hour);
    expect((nextStart.getTime() - dayStart.getTime()) / 3_600_000).toBe(hours);

    expect(localDayNumber(new Date(dayStart.getTime() - 1), zone, hour)).toBe(dayNumber - 1);
    expect(localDayNumber(dayStart, zone, hour)).toBe(dayNumber);
    expect(localDayNumber(new Date(nextStart.getTime() - 1), zone, hour)).toBe(dayNumber);
    const midday = new Date(dayStart.getTime() + 12 * 3_600_000);
    expect(startOfLocalDay(midday, zone, hour)).toEqual(dayStart);
    expect(endOfLocalDay(midday, zone, hour)).toEqual(nextStart);
  });
});

describe("addLocalDays", () => {
  it("returns the start of the local day N days later, across a DST change", () => {
    // 23:00 EST on 2026-03-07 is still local day 2026-03-07 with h=4.
    const lateEvening = new Date("2026-03-08T04:00:00Z");
    expect(addLocalDays(lateEvening, 1, "America/New_York", 4).toISOString()).toBe("2026-03-08T08:00:00.000Z");
    expect(addLocalDays(lateEvening, 0, "America/New_York", 4).toISOString()).toBe("2026-03-07T09:00:00.000Z");
    expect(addLocalDays(lateEvening, -1, "America/New_York", 4).toISOString()).toBe("2026-03-06T09:00:00.000Z");
    expect(() => addLocalDays(lateEvening, 0.5, "America/New_York", 4)).toThrow(RangeError);
  });
});

describe("day numbering never goes backwards", () => {
  const transitions: [string, string][] = [
    ["America/New_York", "2026-03-08T07:00:00Z"],
    ["America/New_York", "2026-11-01T06:00:00Z"],
    ["Europe/London", "2026-03-29T01:00:00Z"],
    ["Europe/London", "2026-10-25T01:00:00Z"],
    ["Australia/Lord_Howe", "2026-04-04T15:00:00Z"],
    ["Australia/Lord_Howe", "2026-10-03T15:30:00Z"],
    ["Pacific/Chatham", "2026-04-04T14:00:00Z"],
    ["Pacific/Chatham", "2026-09-26T14:00:00Z"],
  ];
  const STEP_MS = 30 * 60_000;

  it.each(transitions)("%s around %s for every day start hour", (zone, transition) => {
    const from = Date.parse(transition) - 30 * 3_600_000;
    const to = Date.parse(transition) + 30 * 3_600_000;
    for (let hour = 0; hour < 24; hour += 1) {
      let previous = localDayNumber(new Date(from), zone, hour);
      for (let at = from + STEP_MS; at <= to; at += STEP_MS) {
        const day = localDayNumber(new Date(at), zone, hour);
        expect(day - previous).toBeGreaterThanOrEqual(0);
        expect(day - previous).toBeLessThanOrEqual(1);
        if (day !== previous) {
          const dayStart = startOfLocalDayNumber(day, zone, hour).getTime();
          expect(dayStart).toBeGreaterThan(at - STEP_MS);
          expect(dayStart).toBeLessThanOrEqual(at);
        }
        previous = day;
      }
    }
  });
});

describe("isValidTimeZone", () => {
  it.each([
    ["UTC", true],
    ["America/New_York", true],
    ["Asia/Kolkata", true],
    ["Mars/Olympus_Mons", false],
    ["", false],
    [42, false],
  ])("%s -> %s", (zone, valid) => {
    expect(isValidTimeZone(zone)).toBe(valid);
  });
});
