import "server-only";
import { computeParameters, FSRSBinding, FSRSBindingItem, FSRSBindingReview } from "@open-spaced-repetition/binding";
import { acceptedWeights, DEFAULT_PARAMS, effectiveWeights, timeSeriesFolds, type TrainingItem } from "@/lib/srs";

/**
 * The FSRS optimizer (fsrs-rs through @open-spaced-repetition/binding, a native module: server-only,
 * kept out of client bundles by next.config's serverExternalPackages). Everything here works on
 * lib/srs's TrainingItems; what to fit and which fit to use is ./fit.ts.
 */

export type FitMetrics = { logLoss: number; rmseBins: number };

const RELEARNING_STEPS = DEFAULT_PARAMS.relearningSteps.length;

function toBindingItems(items: readonly TrainingItem[]): FSRSBindingItem[] {
  return items.map((item) => new FSRSBindingItem(item.reviews.map((review) => new FSRSBindingReview(review.rating, review.deltaT))));
}

/**
 * FSRS-6 weights fitted to `items`, within the ranges ts-fsrs accepts for Retain's relearning steps
 * (so lib/srs's parameter check never refuses them). Null when the optimizer declines (too few items).
 */
export async function fitWeights(items: readonly TrainingItem[]): Promise<number[] | null> {
  if (items.length === 0) return null;
  try {
    const weights = await computeParameters(toBindingItems(items), {
      enableShortTerm: true,
      numRelearningSteps: RELEARNING_STEPS,
    });
    return weights.length === 21 ? acceptedWeights(weights, DEFAULT_PARAMS.relearningSteps.length) : null;
  } catch {
    // fsrs-rs refuses too small a training set; the caller keeps what it had.
    return null;
  }
}

/** Log loss and RMSE(bins) of `weights` (null: the model's defaults) predicting `items`; null without items. */
export function evaluateWeights(weights: readonly number[] | null, items: readonly TrainingItem[]): FitMetrics | null {
  if (items.length === 0) return null;
  const model = new FSRSBinding([...(weights ?? effectiveWeights(DEFAULT_PARAMS))]);
  const { logLoss, rmseBins } = model.evaluate(toBindingItems(items));
  return Number.isFinite(logLoss) && Number.isFinite(rmseBins) ? { logLoss, rmseBins } : null;
}

/**
 * Time-series split: each later chunk of `items` (oldest first) is predicted by weights fitted on the
 * chunks before it, and by each of the `rivals` (fixed weight sets, null = defaults). Returns the
 * test-size-weighted means, the fitted candidate first.
 */
export async function timeSeriesComparison(
  items: readonly TrainingItem[],
  rivals: readonly (readonly number[] | null)[],
  folds = 3,
): Promise<{ fitted: FitMetrics; rivals: FitMetrics[]; tested: number } | null> {
  const sums = [{ logLoss: 0, rmseBins: 0 }, ...rivals.map(() => ({ logLoss: 0, rmseBins: 0 }))];
  let tested = 0;
  for (const range of timeSeriesFolds(items.length, folds)) {
    const train = items.slice(0, range.trainEnd);
    const test = items.slice(range.testStart, range.testEnd);
    const weights = await fitWeights(train);
    if (!weights) continue;
    const scores = [evaluateWeights(weights, test), ...rivals.map((rival) => evaluateWeights(rival, test))];
    if (scores.some((score) => score === null)) continue;
    scores.forEach((score, index) => {
      sums[index]!.logLoss += score!.logLoss * test.length;
      sums[index]!.rmseBins += score!.rmseBins * test.length;
    });
    tested += test.length;
  }
  if (tested === 0) return null;
  const mean = (sum: { logLoss: number; rmseBins: number }) => ({ logLoss: sum.logLoss / tested, rmseBins: sum.rmseBins / tested });
  return { fitted: mean(sums[0]!), rivals: sums.slice(1).map(mean), tested };
}
