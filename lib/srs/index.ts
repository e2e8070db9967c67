export {
  fromFsrsCard,
  fromFsrsState,
  isSrsRating,
  newCardState,
  RATING_NAMES,
  SRS_RATINGS,
  SRS_STATES,
  srsCardStateSchema,
  toFsrsCard,
  toFsrsState,
  type RatingName,
  type SrsCardState,
  type SrsRating,
  type SrsResetLog,
  type SrsReviewLog,
  type SrsState,
} from "./card";
export {
  addLocalDays,
  endOfLocalDay,
  isValidTimeZone,
  localDayNumber,
  startOfLocalDay,
  startOfLocalDayNumber,
  type DayRule,
} from "./local-day";
export {
  acceptedWeights,
  DEFAULT_PARAMS,
  DEFAULT_STUDY_SETTINGS,
  effectiveWeights,
  FSRS6_WEIGHT_COUNT,
  InvalidSchedulerParamsError,
  migrateParams,
  MODEL_VERSION,
  parseSchedulerParams,
  schedulerParamsSchema,
  studySettingsSchema,
  timeZoneSchema,
  toFsrsParameters,
  UnsupportedModelVersionError,
  type ParamsIssue,
  type SchedulerParams,
  type SchedulerParamsInput,
  type StoredSchedulerParams,
  type StudySettings,
} from "./params";
export { notBefore, strictlyAfter } from "./instant";
export { ReviewBeforeLastReviewError, type SrsOutcome, type SrsOutcomes } from "./scheduler";
export { becameLeech, DEFAULT_LEECH_THRESHOLD, isLeech } from "./leech";
export { answerCard, buildResetLog, resetCard, type AnswerResult } from "./answer";
export {
  formatDurationLabel,
  formatIntervalLabel,
  outcomeIntervalLabel,
  previewOutcomes,
  type PreviewOutcome,
  type PreviewOutcomes,
} from "./preview";
export { replayReviews, statesEqual, UnorderedReviewEventsError, type ReviewEvent } from "./replay";
export {
  buildDailyQueue,
  LEARN_AHEAD_MS,
  type DailyQueue,
  type DailyQueueInput,
  type QueueCardSchedule,
  type QueueCounts,
  type QueueCourseCard,
  type QueueItem,
  type QueueKind,
} from "./queue";
export {
  countCardsByState,
  dueForecast,
  FORECAST_DAYS,
  meanRetrievability,
  retrievability,
  RETENTION_WINDOW_DAYS,
  trueRetention,
  type DueForecast,
  type MeanRetrievability,
  type RetentionLog,
  type StateCounts,
  type StatsCard,
  type TrueRetention,
} from "./stats";
export { RetrievabilityEstimator } from "./retrievability";
export {
  standingHistories,
  timeSeriesFolds,
  trainingItems,
  type TrainingItem,
  type TrainingLogEntry,
  type TrainingReview,
} from "./training";
export {
  seededRandom,
  simulateStudy,
  simulateWorkload,
  WORKLOAD_HORIZONS,
  WORKLOAD_RETENTIONS,
  type SimulatedAnswer,
  type SimulationCard,
  type SimulationDay,
  type SimulationOptions,
  type SimulationResult,
  type WorkloadRow,
} from "./simulate";
