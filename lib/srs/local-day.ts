/**
 * Student-local days, Anki style: a day starts at `dayStartHour` o'clock on the wall clock of the
 * student's IANA time zone, so a late-night session still counts towards the evening's day.
 *
 * Day numbers count local days since 1970-01-01 (day 0 is the local day of wall-clock date
 * 1970-01-01 from `dayStartHour` onwards). Only `Intl` is used; results are exact across DST
 * changes (23 h / 25 h days) and for zones with non-hour offsets.
 */

export interface DayRule {
  readonly timeZone: string;
  readonly dayStartHour: number;
}

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** Real zones are within UTC-12..UTC+14; the search window is a little wider to be safe. */
const MAX_EAST_OFFSET_MS = 15 * MS_PER_HOUR;
const MAX_WEST_OFFSET_MS = 13 * MS_PER_HOUR;

/**
 * Larger than any backwards clock change in the tz database that matters here (they are 30 min to
 * 2 h). Only instants this close to the next day boundary need the slower exact check.
 */
const MAX_BACKWARD_CLOCK_CHANGE_MS = 3 * MS_PER_HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== "string" || timeZone.length === 0) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function assertDayRule(timeZone: string, dayStartHour: number): void {
  if (!Number.isInteger(dayStartHour) || dayStartHour < 0 || dayStartHour > 23) {
    throw new RangeError(`dayStartHour must be an integer 0-23, got ${dayStartHour}`);
  }
  if (!isValidTimeZone(timeZone)) {
    throw new RangeError(`Unknown time zone: ${JSON.stringify(timeZone)}`);
  }
}

function epochMsOf(instant: Date): number {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("Invalid Date");
  return ms;
}

/**
 * The wall-clock reading of `epochMs` in `timeZone`, encoded as if that reading were UTC (so
 * `wallClockMs(t) - t` is the zone's offset at t). Shared with lib/classes/time.ts.
 */
export function wallClockMs(epochMs: number, timeZone: string): number {
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  const wall = new Date(Date.UTC(2000, fields.month - 1, fields.day, fields.hour % 24, fields.minute, fields.second));
  // Date.UTC maps years 0-99 to 1900-1999; setting the year afterwards avoids that.
  wall.setUTCFullYear(fields.year);
  const subSecondMs = epochMs - Math.floor(epochMs / 1000) * 1000;
  return wall.getTime() + subSecondMs;
}

function dayBoundaryWallMs(dayNumber: number, dayStartHour: number): number {
  return dayNumber * MS_PER_DAY + dayStartHour * MS_PER_HOUR;
}

/**
 * The first instant at which the wall clock reads `dayStartHour`:00 on the given local day.
 * When that reading is skipped by a spring-forward change, the day starts at the change itself;
 * when it is repeated by a fall-back change, the day starts at its first occurrence.
 */
export function startOfLocalDayNumber(dayNumber: number, timeZone: string, dayStartHour: number): Date {
  assertDayRule(timeZone, dayStartHour);
  if (!Number.isSafeInteger(dayNumber)) throw new RangeError(`Invalid day number ${dayNumber}`);
  return new Date(dayStartMs(dayNumber, timeZone, dayStartHour));
}

/**
 * Day starts are a pure function of (zone, start hour, day number) and cost several `Intl` calls
 * each (about 10 µs apiece), while scheduling one answer needs up to a dozen of them: they are
 * remembered, per process, in a bounded cache. See docs/PERFORMANCE.md.
 */
const MAX_CACHED_DAY_STARTS = 50_000;
const dayStartCache = new Map<string, Map<number, number>>();
let cachedDayStarts = 0;

function dayStartMs(dayNumber: number, timeZone: string, dayStartHour: number): number {
  const ruleKey = `${dayStartHour}|${timeZone}`;
  let days = dayStartCache.get(ruleKey);
  let start = days?.get(dayNumber);
  if (start !== undefined) return start;
  start = firstInstantAtOrAfterWall(dayBoundaryWallMs(dayNumber, dayStartHour), timeZone);
  if (cachedDayStarts >= MAX_CACHED_DAY_STARTS) {
    dayStartCache.clear();
    cachedDayStarts = 0;
    days = undefined;
  }
  if (!days) {
    days = new Map();
    dayStartCache.set(ruleKey, days);
  }
  days.set(dayNumber, start);
  cachedDayStarts += 1;
  return start;
}

/** Forgets remembered day starts (tests compare cold and warm results). */
export function clearLocalDayCache(): void {
  dayStartCache.clear();
  cachedDayStarts = 0;
}

function firstInstantAtOrAfterWall(targetWallMs: number, timeZone: string): number {
  const searchFrom = targetWallMs - MAX_EAST_OFFSET_MS;
  const searchTo = targetWallMs + MAX_WEST_OFFSET_MS;
  const offsets = new Set([
    wallClockMs(searchFrom, timeZone) - searchFrom,
    wallClockMs(targetWallMs, timeZone) - targetWallMs,
    wallClockMs(searchTo, timeZone) - searchTo,
  ]);
  let earliestExact = Number.POSITIVE_INFINITY;
  for (const offset of offsets) {
    const candidate = targetWallMs - offset;
    if (wallClockMs(candidate, timeZone) === targetWallMs) earliestExact = Math.min(earliestExact, candidate);
  }
  if (Number.isFinite(earliestExact)) return earliestExact;

  // The target reading falls in a spring-forward gap: find the change by bisection.
  let before = searchFrom;
  let atOrAfter = searchTo;
  while (atOrAfter - before > 1) {
    const mid = Math.floor((before + atOrAfter) / 2);
    if (wallClockMs(mid, timeZone) >= targetWallMs) atOrAfter = mid;
    else before = mid;
  }
  return atOrAfter;
}

/** Integer index of the student's local day containing `instant`. */
export function localDayNumber(instant: Date, timeZone: string, dayStartHour: number): number {
  assertDayRule(timeZone, dayStartHour);
  const epochMs = epochMsOf(instant);
  const known = knownDayOf(epochMs, timeZone, dayStartHour);
  if (known !== undefined) return known;
  const day = localDayNumberExact(epochMs, timeZone, dayStartHour);
  // Remember both ends of this day, so later instants in it are answered without `Intl`.
  dayStartMs(day, timeZone, dayStartHour);
  dayStartMs(day + 1, timeZone, dayStartHour);
  return day;
}

/** Shortest and longest local day the fast path accepts: longer ones hold a fall-back of over 3 h. */
const MIN_FAST_DAY_MS = 21 * MS_PER_HOUR;
const MAX_FAST_DAY_MS = 24 * MS_PER_HOUR + MAX_BACKWARD_CLOCK_CHANGE_MS;

/**
 * The day containing `epochMs` from remembered day starts alone: the d with
 * start(d) <= epochMs < start(d + 1), both ends already computed by the exact method below. For days
 * without a fall-back of more than 3 h (every day the length check lets through) that is exactly
 * what `localDayNumberExact` answers. Undefined when the bounds are not remembered yet.
 */
function knownDayOf(epochMs: number, timeZone: string, dayStartHour: number): number | undefined {
  const days = dayStartCache.get(`${dayStartHour}|${timeZone}`);
  if (!days) return undefined;
  const shifted = epochMs - dayStartHour * MS_PER_HOUR;
  const first = Math.floor((shifted - MAX_WEST_OFFSET_MS) / MS_PER_DAY);
  const last = Math.floor((shifted + MAX_EAST_OFFSET_MS) / MS_PER_DAY);
  for (let day = first; day <= last; day += 1) {
    const start = days.get(day);
    // A day's first instant (what review cards fall due at) belongs to that day.
    if (start === epochMs) return day;
    const next = days.get(day + 1);
    if (start === undefined || next === undefined) continue;
    const length = next - start;
    if (length < MIN_FAST_DAY_MS || length > MAX_FAST_DAY_MS) return undefined;
    if (start <= epochMs && epochMs < next) return day;
  }
  return undefined;
}

/** The day number from the wall clock (one `Intl` call, more near a day boundary). */
function localDayNumberExact(epochMs: number, timeZone: string, dayStartHour: number): number {
  const wallMs = wallClockMs(epochMs, timeZone);
  const wallDay = Math.floor((wallMs - dayStartHour * MS_PER_HOUR) / MS_PER_DAY);
  // After a fall-back change the wall clock can show a time before the boundary although the
  // boundary was already passed (e.g. Pacific/Chatham 03:45 -> 02:45 with dayStartHour 3). Days
  // never go backwards, so near a boundary check whether the next day has already begun.
  const untilNextBoundary = dayBoundaryWallMs(wallDay + 1, dayStartHour) - wallMs;
  if (untilNextBoundary <= MAX_BACKWARD_CLOCK_CHANGE_MS) {
    const nextDayStart = dayStartMs(wallDay + 1, timeZone, dayStartHour);
    if (nextDayStart <= epochMs) return wallDay + 1;
  }
  return wallDay;
}

/** For tests: the day number computed from the wall clock, bypassing remembered days. */
export function localDayNumberUncached(instant: Date, timeZone: string, dayStartHour: number): number {
  assertDayRule(timeZone, dayStartHour);
  return localDayNumberExact(epochMsOf(instant), timeZone, dayStartHour);
}

export function startOfLocalDay(instant: Date, timeZone: string, dayStartHour: number): Date {
  return startOfLocalDayNumber(localDayNumber(instant, timeZone, dayStartHour), timeZone, dayStartHour);
}

/** Exclusive end of the local day containing `instant`, i.e. the start of the next local day. */
export function endOfLocalDay(instant: Date, timeZone: string, dayStartHour: number): Date {
  return startOfLocalDayNumber(localDayNumber(instant, timeZone, dayStartHour) + 1, timeZone, dayStartHour);
}

/**
 * Start of the local day `days` after the one containing `instant` (negative goes back). Returning
 * the day start rather than the same wall time is what scheduling needs: a card due "in N days" is
 * due when that day begins.
 */
export function addLocalDays(instant: Date, days: number, timeZone: string, dayStartHour: number): Date {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  return startOfLocalDayNumber(localDayNumber(instant, timeZone, dayStartHour) + days, timeZone, dayStartHour);
}
