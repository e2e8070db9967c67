import "server-only";
import type { CourseSettings } from "@prisma/client";
import type { DbClient } from "@/lib/db/client";
import {
  DEFAULT_LEECH_THRESHOLD,
  DEFAULT_PARAMS,
  DEFAULT_STUDY_SETTINGS,
  migrateParams,
  type DayRule,
  type SchedulerParams,
  type StudySettings,
} from "@/lib/srs";

/** A student's scheduling in one course: their settings (or the defaults), FSRS parameters and day rule. */
export type SchedulingContext = {
  settings: StudySettings & { leechThreshold: number; timeZoneDetected: boolean; updatedAt: Date | null };
  params: SchedulerParams;
  dayRule: DayRule;
};

export function schedulingContextOf(row: CourseSettings | null): SchedulingContext {
  const settings = row
    ? {
        desiredRetention: row.desiredRetention,
        newPerDay: row.newPerDay,
        reviewsPerDay: row.reviewsPerDay,
        timeZone: row.timeZone,
        dayStartHour: row.dayStartHour,
        leechThreshold: row.leechThreshold,
        timeZoneDetected: row.timeZoneDetected,
        updatedAt: row.updatedAt,
      }
    : { ...DEFAULT_STUDY_SETTINGS, leechThreshold: DEFAULT_LEECH_THRESHOLD, timeZoneDetected: false, updatedAt: null };
  const params = row
    ? migrateParams({
        ...DEFAULT_PARAMS,
        modelVersion: row.weightsModel,
        weights: row.weights,
        desiredRetention: row.desiredRetention,
        maximumInterval: row.maximumInterval,
      })
    : DEFAULT_PARAMS;
  return { settings, params, dayRule: { timeZone: settings.timeZone, dayStartHour: settings.dayStartHour } };
}

export async function loadSchedulingContext(client: DbClient, userId: string, courseId: string): Promise<SchedulingContext> {
  const row = await client.courseSettings.findUnique({ where: { userId_courseId: { userId, courseId } } });
  return schedulingContextOf(row);
}
