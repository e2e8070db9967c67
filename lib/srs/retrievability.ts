import { forgetting_curve } from "ts-fsrs";
import { localDayNumber, startOfLocalDayNumber } from "./local-day";
import { DEFAULT_PARAMS, effectiveWeights, FSRS6_WEIGHT_COUNT } from "./params";

const DEFAULT_WEIGHTS = [...effectiveWeights(DEFAULT_PARAMS)];
const DAY_MS = 86_400_000;
/** Day starts come from lib/srs, which caches them per process (they are fixed facts of the tz database). */
const dayStartMs = (day: number, timeZone: string, dayStartHour: number) => startOfLocalDayNumber(day, timeZone, dayStartHour).getTime();

/**
 * Mean predicted recall now over many students' learned cards, in batch: `meanRetrievability`'s
 * arithmetic (ts-fsrs forgetting curve over elapsed *local* days under each student's own day rule
 * and weights). Calling it per card would run `Intl` several times per card (~0.5 s for 500
 * students); here each (zone, day-start hour, day) boundary is computed once and looked up.
 */
export class RetrievabilityEstimator {
  /** Per (zone, hour): today's local day number and, lazily, starts[k] = start of day today - k. */
  private readonly rules = new Map<string, { today: number; starts: number[] }>();

  constructor(private readonly now: Date) {}

  private rule(timeZone: string, dayStartHour: number) {
    const key = `${timeZone}\u0000${dayStartHour}`;
    let rule = this.rules.get(key);
    if (!rule) {
      rule = { today: localDayNumber(this.now, timeZone, dayStartHour), starts: [] };
      this.rules.set(key, rule);
    }
    return rule;
  }

  /** Whole local days from the day of `reviewedMs` to today (0 for today or later), as lib/srs counts them. */
  elapsedDays(reviewedMs: number, timeZone: string, dayStartHour: number): number {
    return this.elapsed(this.rule(timeZone, dayStartHour), reviewedMs, timeZone, dayStartHour);
  }

  private elapsed(rule: { today: number; starts: number[] }, reviewedMs: number, timeZone: string, dayStartHour: number): number {
    const { today, starts } = rule;
    if (starts.length === 0) starts.push(dayStartMs(today, timeZone, dayStartHour));
    if (reviewedMs >= starts[0]!) return 0;
    // Days are 23 to 25 hours long: start from the 24-hour estimate and step to the exact day.
    // starts[k] is the start of day today - k, filled densely (a holey array would be slow).
    let k = Math.max(1, Math.ceil((starts[0]! - reviewedMs) / DAY_MS));
    while (starts.length <= k + 1) starts.push(dayStartMs(today - starts.length, timeZone, dayStartHour));
    while (starts[k]! > reviewedMs) {
      k += 1;
      if (starts.length <= k) starts.push(dayStartMs(today - k, timeZone, dayStartHour));
    }
    while (k > 1 && starts[k - 1]! <= reviewedMs) k -= 1;
    return k;
  }

  /**
   * One card's predicted recall at the estimator's moment: the forgetting curve over the whole local
   * days since its last review (null for a card never learned: no stability).
   */
  recall(stability: number, reviewedMs: number, timeZone: string, dayStartHour: number, weights: number[] | null): number | null {
    if (!(stability > 0)) return null;
    const w = weights && weights.length === FSRS6_WEIGHT_COUNT ? weights : DEFAULT_WEIGHTS;
    return forgetting_curve(w, this.elapsedDays(reviewedMs, timeZone, dayStartHour), stability);
  }

  /** `stabilityMilli`: stabilities in thousandths of a day; `reviewedSeconds`: last reviews as epoch seconds. */
  mean(stabilityMilli: number[], reviewedSeconds: number[], timeZone: string, dayStartHour: number, weights: number[] | null): number | null {
    const w = weights && weights.length === FSRS6_WEIGHT_COUNT ? weights : DEFAULT_WEIGHTS;
    const rule = this.rule(timeZone, dayStartHour);
    let sum = 0;
    let count = 0;
    for (let index = 0; index < stabilityMilli.length; index += 1) {
      const stability = (stabilityMilli[index] ?? 0) / 1000;
      const reviewed = reviewedSeconds[index];
      if (!(stability > 0) || reviewed === undefined) continue;
      sum += forgetting_curve(w, this.elapsed(rule, reviewed * 1000, timeZone, dayStartHour), stability);
      count += 1;
    }
    return count === 0 ? null : sum / count;
  }
}
