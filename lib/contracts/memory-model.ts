/** The fitted memory model (FSRS weights per course and per student), as the JSON API returns it. */

export type FitFiguresDto = {
  /** Log loss and RMSE(bins) on held-out reviews: the fitted weights, and what they replace. */
  logLoss: number | null;
  rmseBins: number | null;
  baselineLogLoss: number | null;
  baselineRmseBins: number | null;
};

export type CourseFitDto = FitFiguresDto & {
  id: string;
  fittedAt: string;
  reviewCount: number;
  studentCount: number;
  /** Used by the course's students (it beat the defaults on held-out reviews). */
  accepted: boolean;
  weights: number[];
};

export type MemoryModelRunDto = {
  id: string;
  status: "running" | "done" | "failed";
  reason: string;
  startedAt: string;
  finishedAt: string | null;
  optimizerSeconds: number | null;
  students: number;
  studentsWithOwnWeights: number;
  courseFit: CourseFitDto | null;
  error: string | null;
};

export type CourseMemoryModelDto = {
  course: { slug: string; title: string };
  /** The newest course fit in use, if any. */
  current: CourseFitDto | null;
  /** Newest first, at most 20. */
  runs: MemoryModelRunDto[];
};

export type MyMemoryModelDto = {
  /** Which weights schedule the student: the model's defaults, the course's fit, or their own. */
  source: "defaults" | "course" | "student";
  optedOut: boolean;
  /** Reviews the weights in use rest on (the course's or the student's own); null for defaults. */
  reviewCount: number | null;
  /** Held-out figures of the weights in use against what they replaced; null for defaults. */
  figures: FitFiguresDto | null;
  fittedAt: string | null;
};
