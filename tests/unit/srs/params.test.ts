import { default_w } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_PARAMS,
  DEFAULT_STUDY_SETTINGS,
  InvalidSchedulerParamsError,
  migrateParams,
  parseSchedulerParams,
  studySettingsSchema,
  toFsrsParameters,
  UnsupportedModelVersionError,
} from "@/lib/srs/params";

function issuePaths(input: unknown): string[] {
  try {
    parseSchedulerParams(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidSchedulerParamsError);
    return (error as InvalidSchedulerParamsError).issues.map((issue) => issue.path);
  }
  throw new Error("expected parseSchedulerParams to throw");
}

const withWeight = (index: number, value: number) => default_w.map((weight, i) => (i === index ? value : weight));

describe("parseSchedulerParams", () => {
  it("accepts the defaults and explicit FSRS-6 weights unchanged", () => {
    expect(parseSchedulerParams(DEFAULT_PARAMS)).toEqual(DEFAULT_PARAMS);
    const explicit = { ...DEFAULT_PARAMS, weights: [...default_w], enableFuzz: true };
    expect(parseSchedulerParams(explicit)).toEqual(explicit);
  });

  it("defaults enableFuzz to false so scheduling is deterministic", () => {
    const withoutFuzz: Record<string, unknown> = { ...DEFAULT_PARAMS };
    delete withoutFuzz.enableFuzz;
    expect(parseSchedulerParams(withoutFuzz).enableFuzz).toBe(false);
  });

  it("returns frozen parameters", () => {
    const params = parseSchedulerParams(DEFAULT_PARAMS);
    expect(Object.isFrozen(params)).toBe(true);
    expect(Object.isFrozen(params.weights)).toBe(true);
  });

  it.each([
    ["too few weights", { weights: default_w.slice(0, 19) }, ["weights"]],
    ["too many weights", { weights: [...default_w, 0.1] }, ["weights"]],
    ["NaN weight", { weights: withWeight(3, Number.NaN) }, ["weights[3]"]],
    ["infinite weight", { weights: withWeight(0, Number.POSITIVE_INFINITY) }, ["weights[0]"]],
    ["weight outside the FSRS-6 range", { weights: withWeight(4, 11) }, ["weights[4]"]],
    ["decay outside the FSRS-6 range", { weights: withWeight(20, 0.9) }, ["weights[20]"]],
    ["retention too low", { desiredRetention: 0.5 }, ["desiredRetention"]],
    ["retention too high", { desiredRetention: 0.99 }, ["desiredRetention"]],
    ["retention NaN", { desiredRetention: Number.NaN }, ["desiredRetention"]],
    ["maximum interval 0", { maximumInterval: 0 }, ["maximumInterval"]],
    ["maximum interval fractional", { maximumInterval: 10.5 }, ["maximumInterval"]],
    ["maximum interval too long", { maximumInterval: 36501 }, ["maximumInterval"]],
    ["bad step unit", { learningSteps: ["1m", "10x"] }, ["learningSteps[1]"]],
    ["fractional step", { relearningSteps: ["1.5h"] }, ["relearningSteps[0]"]],
    ["zero step", { learningSteps: ["0m"] }, ["learningSteps[0]"]],
    ["unknown model", { modelVersion: "FSRS-5" }, ["modelVersion"]],
    ["fuzz not boolean", { enableFuzz: "yes" }, ["enableFuzz"]],
  ])("rejects %s, naming the field", (_name, override, paths) => {
    expect(issuePaths({ ...DEFAULT_PARAMS, ...override })).toEqual(paths);
  });

  it("reports every invalid field at once in the message", () => {
    expect(() => parseSchedulerParams({ ...DEFAULT_PARAMS, desiredRetention: 2, maximumInterval: -1 })).toThrow(
      /desiredRetention: .*; maximumInterval: /,
    );
  });

  it("rejects w17/w18 that ts-fsrs would clamp because of several relearning steps", () => {
    const weights = withWeight(17, 1.9);
    expect(parseSchedulerParams({ ...DEFAULT_PARAMS, weights, relearningSteps: ["10m"] }).weights[17]).toBe(1.9);
    expect(issuePaths({ ...DEFAULT_PARAMS, weights, relearningSteps: ["10m", "1h", "4h"] })).toEqual(["weights[17]"]);
  });

  it("maps to ts-fsrs parameters, using default_w for empty weights", () => {
    expect(toFsrsParameters(DEFAULT_PARAMS)).toEqual({
      w: [...default_w],
      request_retention: 0.9,
      maximum_interval: 36500,
      enable_fuzz: false,
      enable_short_term: true,
      learning_steps: ["1m", "10m"],
      relearning_steps: ["10m"],
    });
  });
});

describe("migrateParams", () => {
  it("accepts FSRS-6", () => {
    expect(migrateParams({ ...DEFAULT_PARAMS })).toEqual(DEFAULT_PARAMS);
  });

  it.each(["FSRS-5", "FSRS-7", undefined])("rejects model version %s", (modelVersion) => {
    const stored = { ...DEFAULT_PARAMS, modelVersion };
    expect(() => migrateParams(stored)).toThrow(UnsupportedModelVersionError);
    expect(() => migrateParams(stored)).toThrow(/Unsupported model version/);
  });

  it("still validates FSRS-6 fields", () => {
    expect(() => migrateParams({ ...DEFAULT_PARAMS, weights: [1, 2, 3] })).toThrow(InvalidSchedulerParamsError);
  });
});

describe("studySettingsSchema", () => {
  it("accepts the defaults", () => {
    expect(DEFAULT_STUDY_SETTINGS).toEqual({
      desiredRetention: 0.9,
      newPerDay: 20,
      reviewsPerDay: 200,
      timeZone: "UTC",
      dayStartHour: 4,
    });
    expect(studySettingsSchema.parse(DEFAULT_STUDY_SETTINGS)).toEqual(DEFAULT_STUDY_SETTINGS);
    expect(studySettingsSchema.parse({ ...DEFAULT_STUDY_SETTINGS, timeZone: "Australia/Lord_Howe" }).timeZone).toBe(
      "Australia/Lord_Howe",
    );
  });

  it.each([
    ["desiredRetention", 0.69],
    ["desiredRetention", 0.98],
    ["newPerDay", -1],
    ["newPerDay", 10000],
    ["newPerDay", 1.5],
    ["reviewsPerDay", 100000],
    ["timeZone", "Mars/Olympus_Mons"],
    ["timeZone", ""],
    ["dayStartHour", 24],
    ["dayStartHour", -1],
  ])("rejects %s = %s", (field, value) => {
    const result = studySettingsSchema.safeParse({ ...DEFAULT_STUDY_SETTINGS, [field]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual([field]);
  });
});
