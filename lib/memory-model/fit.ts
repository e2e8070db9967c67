import "server-only";
import { performance } from "node:perf_hooks";
import type { TrainingItem } from "@/lib/srs";
import { evaluateWeights, fitWeights, timeSeriesComparison, type FitMetrics } from "./optimizer";

/**
 * Which weights each student of a course gets (docs/decisions/0018-fitted-memory-model.md):
 * the course is fitted on every student's reviews, and used when it predicts the newest fifth of them
 * better than the defaults when fitted on the rest; a student gets weights of their own only with
 * enough reviews, and only when, on a time-series split of their own history, weights fitted on
 * their earlier reviews predict their later ones better than the course's weights by a margin.
 */

/** Below this many training items a course keeps the defaults: a fit would chase noise. */
export const MIN_COURSE_ITEMS = 200;
/** A student's own fit is tried from this many items (a few hundred alone did worse than the defaults in the simulation). */
export const MIN_STUDENT_ITEMS = 400;
/** Relative log-loss gain a student's own weights must show over the course's, with RMSE(bins) no worse. */
export const STUDENT_MARGIN = 0.02;
const HOLDOUT_SHARE = 0.2;

export type CourseFitPlan = {
  weights: number[];
  reviewCount: number;
  studentCount: number;
  /** On the held-out newest reviews: the fit (trained without them) and the defaults. */
  heldOut: FitMetrics | null;
  defaults: FitMetrics | null;
  /** Whether the fit is used (it beat the defaults on held-out reviews). */
  accepted: boolean;
};

export type StudentFitPlan = {
  userId: string;
  weights: number[];
  reviewCount: number;
  /** Time-series split of the student's own reviews: own weights against the course's (or defaults). */
  own: FitMetrics;
  course: FitMetrics;
  accepted: boolean;
};

export type FitPlan = { course: CourseFitPlan | null; students: StudentFitPlan[]; optimizerSeconds: number };

export async function planFits(itemsByStudent: ReadonlyMap<string, readonly TrainingItem[]>): Promise<FitPlan> {
  const started = performance.now();
  const all = [...itemsByStudent.values()].flat().sort((a, b) => a.reviewedAt.getTime() - b.reviewedAt.getTime());
  const studentCount = [...itemsByStudent.values()].filter((items) => items.length > 0).length;
  let course: CourseFitPlan | null = null;
  if (all.length >= MIN_COURSE_ITEMS) {
    const cut = Math.floor(all.length * (1 - HOLDOUT_SHARE));
    const [trainOnly, weights] = [await fitWeights(all.slice(0, cut)), await fitWeights(all)];
    if (weights) {
      const heldOut = trainOnly ? evaluateWeights(trainOnly, all.slice(cut)) : null;
      const defaults = evaluateWeights(null, all.slice(cut));
      const accepted = heldOut !== null && defaults !== null && heldOut.logLoss < defaults.logLoss;
      course = { weights, reviewCount: all.length, studentCount, heldOut, defaults, accepted };
    }
  }
  const baseline = course?.accepted ? course.weights : null;
  const students: StudentFitPlan[] = [];
  for (const [userId, items] of itemsByStudent) {
    if (items.length < MIN_STUDENT_ITEMS) continue;
    const comparison = await timeSeriesComparison(items, [baseline]);
    if (!comparison) continue;
    const [rival] = comparison.rivals;
    const accepted = comparison.fitted.logLoss <= rival!.logLoss * (1 - STUDENT_MARGIN) && comparison.fitted.rmseBins <= rival!.rmseBins;
    const weights = accepted ? await fitWeights(items) : null;
    students.push({ userId, weights: weights ?? [], reviewCount: items.length, own: comparison.fitted, course: rival!, accepted: accepted && weights !== null });
  }
  return { course, students, optimizerSeconds: (performance.now() - started) / 1000 };
}
