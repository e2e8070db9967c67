/**
 * Wall-clock times in a class's IANA time zone ↔ UTC instants. Instructors enter opening and due
 * times as the class's local time ("2026-03-09T23:59"); the database stores UTC.
 *
 * A wall time skipped by a spring-forward change is moved forward by the gap (02:30 on a night that
 * jumps from 02:00 to 03:00 becomes 03:30); a wall time that happens twice after a fall-back change
 * means its first occurrence. This is what Temporal calls the "compatible" disambiguation.
 */

import { wallClockMs } from "@/lib/srs/local-day";
import { currentTimeZones } from "./time-zones";

type WallFields = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function wallFields(epochMs: number, timeZone: string): WallFields {
  const wall = new Date(wallClockMs(epochMs, timeZone));
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

function wallAsUtcMs(fields: WallFields): number {
  const date = new Date(Date.UTC(2000, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second));
  date.setUTCFullYear(fields.year);
  return date.getTime();
}

/** Offset of the zone from UTC at an instant, in ms (east positive). */
function offsetAt(epochMs: number, timeZone: string): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  return wallClockMs(whole, timeZone) - whole;
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Parses `YYYY-MM-DDTHH:mm[:ss]` (no offset) into its fields, or null when it is not a real date-time. */
export function parseLocalDateTime(text: string): WallFields | null {
  const match = LOCAL_PATTERN.exec(text.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((value) => Number(value ?? 0)) as [
    number, number, number, number, number, number,
  ];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const check = new Date(Date.UTC(2000, month - 1, day));
  check.setUTCFullYear(year, month - 1, day);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || day < 1) return null;
  return { year, month, day, hour, minute, second };
}

/** The UTC instant at which the wall clock of `timeZone` reads `local` (see the module comment for gaps and overlaps). */
export function zonedLocalToUtc(local: string, timeZone: string): Date {
  const fields = parseLocalDateTime(local);
  if (!fields) throw new RangeError(`Not a local date-time: ${JSON.stringify(local)}`);
  const target = wallAsUtcMs(fields);
  // Offsets in force a day either side bound every candidate; try both and keep exact matches.
  const candidates = new Set([target - offsetAt(target - 86_400_000, timeZone), target - offsetAt(target + 86_400_000, timeZone)]);
  candidates.add(target - offsetAt(target, timeZone));
  const exact = [...candidates].filter((instant) => instant + offsetAt(instant, timeZone) === target).sort((a, b) => a - b);
  if (exact[0] !== undefined) return new Date(exact[0]);
  // In a gap: read the wall time with the offset from before the change, which lands after it.
  const before = offsetAt(target - 86_400_000, timeZone);
  return new Date(target - before);
}

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/** `YYYY-MM-DDTHH:mm` as the wall clock of `timeZone` shows `instant` (for form fields). */
export function utcToZonedLocal(instant: Date, timeZone: string): string {
  const f = wallFields(instant.getTime(), timeZone);
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}`;
}

/** A readable date and time in the zone, with the zone's short name: "Mon, 9 Mar 2026, 23:59 EDT". */
export function formatInZone(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  }).format(instant);
}

/** The zone's calendar date of an instant, `YYYY-MM-DD`. */
export function zonedDate(instant: Date, timeZone: string): string {
  const f = wallFields(instant.getTime(), timeZone);
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}`;
}

/** The current canonical zones this runtime knows (UTC first), for pickers: see time-zones.ts. */
export function timeZoneChoices(): string[] {
  return currentTimeZones(typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : []);
}
