/**
 * A request takes its clock (`now`) before it reads, and a row it reads may have been written after
 * that instant: an answer that committed while the request waited for the database, or one stamped by
 * another app instance whose clock runs a little ahead. These two rules keep every computation from
 * working at a time before what it read (docs/decisions/0010-clock-after-the-rows-read.md).
 */

/** A read works at its clock, or at the newest instant it read when that is later. */
export function notBefore(now: Date, ...instants: readonly (Date | null | undefined)[]): Date {
  let latest = now.getTime();
  for (const instant of instants) if (instant && instant.getTime() > latest) latest = instant.getTime();
  return latest === now.getTime() ? now : new Date(latest);
}

/**
 * A write that follows `previous` (the card's latest review, read under its row lock) happens at its
 * clock, or one millisecond after `previous` when the clock does not come after it, so a history
 * ordered by time puts it after what it followed.
 */
export function strictlyAfter(now: Date, previous: Date | null | undefined): Date {
  if (!previous || now.getTime() > previous.getTime()) return now;
  return new Date(previous.getTime() + 1);
}
