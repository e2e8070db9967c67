import { describe, expect, test } from "vitest";
import { parseLocalDateTime, utcToZonedLocal, zonedDate, zonedLocalToUtc } from "@/lib/classes/time";

describe("class wall-clock times", () => {
  test("ordinary times in zones east and west of UTC, and with non-hour offsets", () => {
    expect(zonedLocalToUtc("2026-01-15T09:30", "America/New_York").toISOString()).toBe("2026-01-15T14:30:00.000Z");
    expect(zonedLocalToUtc("2026-07-15T09:30", "America/New_York").toISOString()).toBe("2026-07-15T13:30:00.000Z");
    expect(zonedLocalToUtc("2026-07-15T09:30", "Asia/Kolkata").toISOString()).toBe("2026-07-15T04:00:00.000Z");
    expect(zonedLocalToUtc("2026-07-15T09:30", "Asia/Kathmandu").toISOString()).toBe("2026-07-15T03:45:00.000Z");
    expect(zonedLocalToUtc("2026-12-31T23:59", "Pacific/Kiritimati").toISOString()).toBe("2026-12-31T09:59:00.000Z");
    expect(zonedLocalToUtc("2026-03-01T00:00", "UTC").toISOString()).toBe("2026-03-01T00:00:00.000Z");
  });

  test("a time skipped by spring-forward moves forward by the gap", () => {
    // New York, 8 March 2026: 02:00 EST jumps to 03:00 EDT.
    expect(zonedLocalToUtc("2026-03-08T02:30", "America/New_York").toISOString()).toBe("2026-03-08T07:30:00.000Z");
    expect(utcToZonedLocal(new Date("2026-03-08T07:30:00Z"), "America/New_York")).toBe("2026-03-08T03:30");
    expect(zonedLocalToUtc("2026-03-08T03:00", "America/New_York").toISOString()).toBe("2026-03-08T07:00:00.000Z");
  });

  test("a time repeated by fall-back means its first occurrence", () => {
    // New York, 1 November 2026: 02:00 EDT falls back to 01:00 EST.
    expect(zonedLocalToUtc("2026-11-01T01:30", "America/New_York").toISOString()).toBe("2026-11-01T05:30:00.000Z");
    // Berlin, 25 October 2026: 03:00 CEST falls back to 02:00 CET.
    expect(zonedLocalToUtc("2026-10-25T02:30", "Europe/Berlin").toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  test("round trips through a year with clock changes, in 7¼-hour steps", () => {
    for (let ms = Date.parse("2026-01-01T00:00:00Z"); ms < Date.parse("2027-01-01T00:00:00Z"); ms += 7 * 60 * 60_000 + 15 * 60_000) {
      for (const zone of ["Europe/London", "Australia/Lord_Howe", "America/Santiago"]) {
        const instant = new Date(ms);
        const local = utcToZonedLocal(instant, zone);
        const back = zonedLocalToUtc(local, zone);
        // Equal, or (in a repeated hour) the earlier occurrence of the same wall time.
        expect(utcToZonedLocal(back, zone)).toBe(local);
        expect(back.getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(instant.getTime() - back.getTime()).toBeLessThanOrEqual(60 * 60_000);
      }
    }
  });

  test("parsing rejects impossible dates", () => {
    expect(parseLocalDateTime("2026-02-29T10:00")).toBeNull();
    expect(parseLocalDateTime("2028-02-29T10:00")).not.toBeNull();
    expect(parseLocalDateTime("2026-13-01T10:00")).toBeNull();
    expect(parseLocalDateTime("2026-01-01T24:00")).toBeNull();
    expect(parseLocalDateTime("2026-01-01")).toBeNull();
    expect(zonedDate(new Date("2026-10-07T03:59:00Z"), "America/New_York")).toBe("2026-10-06");
  });
});
