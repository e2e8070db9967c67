/**
 * The memory-model benchmark: synthetic cohorts whose recall is drawn from known FSRS weights,
 * scheduled by Retain (defaults), then each student's newest fifth of reviews held out. Reported:
 * log loss and RMSE(bins) on those held-out reviews for the FSRS defaults, each student's own fit,
 * the course fit, the mix lib/memory-model/fit.ts chooses, and the true weights (the floor), plus
 * the optimizer's time per 10,000 reviews. In-process, no database.
 */
import { performance } from "node:perf_hooks";
import { planFits } from "@/lib/memory-model/fit";
import { evaluateWeights, fitWeights, type FitMetrics } from "@/lib/memory-model/optimizer";
import { DEFAULT_PARAMS, effectiveWeights, simulateStudy, trainingItems, type TrainingItem } from "@/lib/srs";
import type { Row } from "./report";

const RULE = { timeZone: "America/New_York", dayStartHour: 4 };
const START = new Date("2026-01-05T15:00:00Z");
const DEFAULTS = [...effectiveWeights(DEFAULT_PARAMS)];
/** The class's true memory: recall grows less per success and fades on a steeper curve than the defaults. */
export const COHORT_TRUTH = DEFAULTS.map((w, i) => (i === 8 ? w * 0.45 : i === 20 ? 0.5 : w));
/** A few students forget new cards much faster than their class. */
export const OUTLIER_TRUTH = DEFAULTS.map((w, i) => (i < 4 ? w * 0.3 : i === 8 ? w * 1.2 : i === 20 ? 0.5 : w));

type Student = { id: string; truth: number[]; train: TrainingItem[]; test: TrainingItem[] };

function student(id: string, truth: number[], cards: number, days: number, seed: number): Student {
  const answers = simulateStudy({
    unseen: Array.from({ length: cards }, (_, index) => `card-${index}`),
    start: START,
    days,
    newPerDay: 8,
    params: DEFAULT_PARAMS,
    trueWeights: truth,
    dayRule: RULE,
    seed,
    keepAnswers: true,
  }).answers;
  const items = trainingItems(answers.map((answer) => ({ ...answer, kind: "answer" as const, undone: false })), RULE);
  const cut = Math.floor(items.length * 0.8);
  return { id, truth, train: items.slice(0, cut), test: items.slice(cut) };
}

/** Held-out figures over every student, each student's figures weighted by their held-out reviews. */
function pooled(students: Student[], weightsOf: (student: Student) => readonly number[] | null): FitMetrics {
  let logLoss = 0;
  let rmseBins = 0;
  let count = 0;
  for (const entry of students) {
    const metrics = evaluateWeights(weightsOf(entry), entry.test);
    if (!metrics) continue;
    logLoss += metrics.logLoss * entry.test.length;
    rmseBins += metrics.rmseBins * entry.test.length;
    count += entry.test.length;
  }
  return { logLoss: logLoss / count, rmseBins: rmseBins / count };
}

export async function memoryModelBench(options: { quick: boolean }) {
  const cohortSize = options.quick ? 12 : 30;
  const students: Student[] = [
    ...Array.from({ length: cohortSize }, (_, index) => student(`s${index}`, COHORT_TRUTH, 50, 90, 1000 + index)),
    ...Array.from({ length: 3 }, (_, index) => student(`outlier${index}`, OUTLIER_TRUTH, 120, 120, 5000 + index)),
  ];
  const trainReviews = students.reduce((sum, entry) => sum + entry.train.length, 0);
  const testReviews = students.reduce((sum, entry) => sum + entry.test.length, 0);

  const own = new Map<string, number[] | null>();
  for (const entry of students) own.set(entry.id, await fitWeights(entry.train));

  const pool = students.flatMap((entry) => entry.train).sort((a, b) => a.reviewedAt.getTime() - b.reviewedAt.getTime());
  const fitStarted = performance.now();
  const course = await fitWeights(pool);
  const fitSeconds = (performance.now() - fitStarted) / 1000;

  const plan = await planFits(new Map(students.map((entry) => [entry.id, entry.train])));
  const chosenOwn = new Map(plan.students.filter((entry) => entry.accepted).map((entry) => [entry.userId, entry.weights]));
  const courseInUse = plan.course?.accepted ? plan.course.weights : null;

  const results = {
    defaults: pooled(students, () => null),
    perStudent: pooled(students, (entry) => own.get(entry.id) ?? null),
    course: pooled(students, () => course),
    chosen: pooled(students, (entry) => chosenOwn.get(entry.id) ?? courseInUse),
    truth: pooled(students, (entry) => entry.truth),
  };
  const secondsPer10k = (fitSeconds * 10_000) / pool.length;
  const figures = (metrics: FitMetrics) => `log loss ${metrics.logLoss.toFixed(4)}, RMSE(bins) ${metrics.rmseBins.toFixed(4)}`;
  const dataSet = `${cohortSize} students from one weight set + 3 outliers, ${trainReviews} training / ${testReviews} held-out reviews`;
  const rows: Row[] = [
    { key: "fsrs-defaults", label: "memory model: FSRS-6 defaults, held-out", ratio: "—", notes: figures(results.defaults), data: { ...results.defaults, dataSet } },
    { key: "fsrs-per-student", label: "memory model: each student's own fit", ratio: "—", notes: figures(results.perStudent), data: results.perStudent },
    { key: "fsrs-course", label: "memory model: course fit (all students)", ratio: "—", notes: figures(results.course), data: results.course },
    {
      key: "fsrs-chosen",
      label: "memory model: chosen mix (course + proven own)",
      ratio: "—",
      notes: `${figures(results.chosen)}; ${chosenOwn.size} students on own weights (${[...chosenOwn.keys()].join(", ") || "none"})`,
      data: { ...results.chosen, ownWeights: [...chosenOwn.keys()] },
    },
    { key: "fsrs-truth", label: "memory model: true weights (floor)", ratio: "—", notes: figures(results.truth), data: results.truth },
    {
      key: "fsrs-optimizer-time",
      label: "memory model: optimizer time per 10,000 reviews",
      ratio: "—",
      notes: `${secondsPer10k.toFixed(2)} s (course fit on ${pool.length} reviews took ${fitSeconds.toFixed(2)} s); ${dataSet}`,
      data: { secondsPer10k, fitSeconds, reviews: pool.length },
    },
  ];
  return rows;
}
