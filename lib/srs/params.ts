import { clipParameters, default_w, type FSRSParameters, type StepUnit } from "ts-fsrs";
import { z } from "zod";
import { isValidTimeZone } from "./local-day";

export const MODEL_VERSION = "FSRS-6";
export const FSRS6_WEIGHT_COUNT = 21;

/** Whole minutes, hours or days, as ts-fsrs parses them; ts-fsrs would read "1.5h" as "1h". */
const STEP_PATTERN = /^[1-9]\d*[mhd]$/;

const stepSchema = z.custom<StepUnit>((value) => typeof value === "string" && STEP_PATTERN.test(value), {
  message: 'Expected a step like "1m", "10m", "1h" or "1d" (positive whole number + m/h/d)',
});

const weightsSchema = z
  .array(z.number())
  .refine((weights) => weights.length === 0 || weights.length === FSRS6_WEIGHT_COUNT, {
    message: `Expected exactly ${FSRS6_WEIGHT_COUNT} FSRS-6 weights, or none to use the model defaults`,
  })
  .readonly();

export const schedulerParamsSchema = z
  .object({
    modelVersion: z.literal(MODEL_VERSION),
    weights: weightsSchema,
    desiredRetention: z.number().min(0.7).max(0.97),
    maximumInterval: z.int().min(1).max(36500),
    learningSteps: z.array(stepSchema).readonly(),
    relearningSteps: z.array(stepSchema).readonly(),
    enableFuzz: z.boolean().default(false),
  })
  .superRefine((params, ctx) => {
    if (params.weights.length !== FSRS6_WEIGHT_COUNT) return;
    // ts-fsrs silently clamps out-of-range weights (the w17/w18 ceiling also depends on the
    // number of relearning steps); report them instead so stored values are never rewritten.
    const clipped = clipParameters([...params.weights], params.relearningSteps.length, true);
    params.weights.forEach((weight, index) => {
      const accepted = clipped[index];
      if (accepted !== weight) {
        ctx.addIssue({
          code: "custom",
          path: ["weights", index],
          message: `Weight ${weight} is outside the range FSRS-6 accepts here (it would be clamped to ${accepted})`,
        });
      }
    });
  })
  .readonly();

export type SchedulerParams = z.output<typeof schedulerParamsSchema>;
export type SchedulerParamsInput = z.input<typeof schedulerParamsSchema>;

export const DEFAULT_PARAMS: SchedulerParams = Object.freeze({
  modelVersion: MODEL_VERSION,
  weights: Object.freeze([]),
  desiredRetention: 0.9,
  maximumInterval: 36500,
  learningSteps: Object.freeze(["1m", "10m"] as const),
  relearningSteps: Object.freeze(["10m"] as const),
  enableFuzz: false,
});

export interface ParamsIssue {
  /** Dotted path with array indices in brackets, e.g. `weights[3]`. */
  readonly path: string;
  readonly message: string;
}

export class InvalidSchedulerParamsError extends Error {
  readonly issues: readonly ParamsIssue[];

  constructor(issues: readonly ParamsIssue[], summary = "Invalid scheduler parameters") {
    super(`${summary}: ${issues.map((issue) => `${issue.path || "(root)"}: ${issue.message}`).join("; ")}`);
    this.name = "InvalidSchedulerParamsError";
    this.issues = issues;
  }
}

export class UnsupportedModelVersionError extends InvalidSchedulerParamsError {
  readonly modelVersion: unknown;

  constructor(modelVersion: unknown) {
    super(
      [
        {
          path: "modelVersion",
          message: `Unsupported model version ${JSON.stringify(modelVersion)}; supported: ${MODEL_VERSION}`,
        },
      ],
      "Cannot migrate scheduler parameters",
    );
    this.name = "UnsupportedModelVersionError";
    this.modelVersion = modelVersion;
  }
}

export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === "number") return `${text}[${key}]`;
    const name = String(key);
    return text ? `${text}.${name}` : name;
  }, "");
}

/** Validates without repairing: any invalid field throws, naming every offending path. */
export function parseSchedulerParams(input: unknown): SchedulerParams {
  const result = schedulerParamsSchema.safeParse(input);
  if (!result.success) {
    throw new InvalidSchedulerParamsError(
      result.error.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message })),
    );
  }
  return result.data;
}

export interface StoredSchedulerParams {
  readonly modelVersion: unknown;
  readonly weights: unknown;
  readonly [field: string]: unknown;
}

/**
 * Entry point for parameters read back from storage. Each model version gets its own branch;
 * a future FSRS-7 would convert its fields here instead of being misread as FSRS-6.
 */
export function migrateParams(stored: StoredSchedulerParams): SchedulerParams {
  switch (stored.modelVersion) {
    case MODEL_VERSION:
      return parseSchedulerParams(stored);
    default:
      throw new UnsupportedModelVersionError(stored.modelVersion);
  }
}

/** The weights ts-fsrs should run with: an empty list stands for the model's defaults. */
export function effectiveWeights(params: SchedulerParams): readonly number[] {
  return params.weights.length === 0 ? default_w : params.weights;
}

/**
 * Fitted weights as ts-fsrs would run them: clamped into the ranges FSRS-6 accepts with
 * `relearningStepCount` relearning steps, so `parseSchedulerParams` takes them as they are.
 */
export function acceptedWeights(weights: readonly number[], relearningStepCount: number): number[] {
  if (weights.length !== FSRS6_WEIGHT_COUNT || weights.some((weight) => !Number.isFinite(weight))) {
    throw new RangeError(`Expected ${FSRS6_WEIGHT_COUNT} finite FSRS-6 weights`);
  }
  return clipParameters([...weights], relearningStepCount, true);
}

export function toFsrsParameters(params: SchedulerParams): FSRSParameters {
  return {
    w: [...effectiveWeights(params)],
    request_retention: params.desiredRetention,
    maximum_interval: params.maximumInterval,
    enable_fuzz: params.enableFuzz,
    // Short-term mode is what makes ts-fsrs honour (re)learning steps.
    enable_short_term: true,
    learning_steps: [...params.learningSteps],
    relearning_steps: [...params.relearningSteps],
  };
}

export const timeZoneSchema = z.string().refine(isValidTimeZone, { message: "Unknown IANA time zone" });

/** Per-student settings as accepted by the API. */
export const studySettingsSchema = z.strictObject({
  desiredRetention: z.number().min(0.7).max(0.97),
  newPerDay: z.int().min(0).max(9999),
  reviewsPerDay: z.int().min(0).max(99999),
  timeZone: timeZoneSchema,
  dayStartHour: z.int().min(0).max(23),
  /** Lapses that make a card a leech; kept as it is when left out. */
  leechThreshold: z.int().min(1).max(99).optional(),
});

export type StudySettings = z.infer<typeof studySettingsSchema>;

export const DEFAULT_STUDY_SETTINGS: Readonly<StudySettings> = Object.freeze({
  desiredRetention: 0.9,
  newPerDay: 20,
  reviewsPerDay: 200,
  timeZone: "UTC",
  dayStartHour: 4,
});
