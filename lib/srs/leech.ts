/**
 * Leeches: cards forgotten again and again cost far more review time than they are worth, so, as in
 * Anki, a card whose lapses reach the threshold is marked a leech and suspended (the student may keep
 * studying it). The mark is derived from the lapse count, so a replay of the log re-derives it.
 */

/** Anki's default. */
export const DEFAULT_LEECH_THRESHOLD = 8;

export function isLeech(lapses: number, threshold: number): boolean {
  return lapses >= threshold;
}

/**
 * Whether an answer that took the lapse count from `before` to `after` makes the card a leech now:
 * at the threshold, then (as Anki does) again every half threshold, so a card kept in study comes back
 * to the student's attention if it keeps lapsing.
 */
export function becameLeech(before: number, after: number, threshold: number): boolean {
  if (after <= before || after < threshold) return false;
  return (after - threshold) % Math.max(1, Math.ceil(threshold / 2)) === 0;
}
