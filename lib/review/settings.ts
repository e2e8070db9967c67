import "server-only";
import type { StudySettingsDto } from "@/lib/contracts";
import { Prisma, type CourseSettings, type WeightsSource } from "@prisma/client";
import { db, type DbClient, type Tx } from "@/lib/db/client";
import { requireCourseBySlug } from "./course";
import { studySettingsSchema } from "@/lib/srs";
import { parseInput } from "@/lib/validation";
import { assertDatabaseTimeZone } from "@/lib/db/time-zones";
import type { Actor } from "@/lib/auth/actor";
import { rescheduleCourse } from "./reschedule";
import { loadSchedulingContext, schedulingContextOf, type SchedulingContext } from "./scheduling-context";

/**
 * Advisory-lock key of a student's settings in a course, as SQL. `courseId` is a value, or a column of
 * the statement that takes the lock (so a statement can look a card's course up and lock in one go).
 */
function settingsLockKey(userId: string, courseId: string | Prisma.Sql): Prisma.Sql {
  return Prisma.sql`hashtext(${`settings:${userId}:`}::text || ${courseId})`;
}

/** The SQL expression that takes the shared lock of `holdSettingsSteady`, for statements that fold it in. */
export function holdSettingsSteadySql(userId: string, courseId: string | Prisma.Sql): Prisma.Sql {
  return Prisma.sql`pg_advisory_xact_lock_shared(${settingsLockKey(userId, courseId)})`;
}

/**
 * Holds the student's settings for this course steady until the transaction ends. Writes that compute
 * a state from the settings (answers, card actions, undo) take it shared, so they run in parallel with
 * each other; a settings change takes it exclusively and reschedules with none of them in flight. Take
 * it before any card-state row lock: the settings change locks those rows after this key.
 */
export async function holdSettingsSteady(tx: DbClient, userId: string, courseId: string): Promise<void> {
  await tx.$executeRaw`SELECT ${holdSettingsSteadySql(userId, courseId)}`;
}


function toDto(context: SchedulingContext): StudySettingsDto {
  const { desiredRetention, newPerDay, reviewsPerDay, timeZone, dayStartHour, leechThreshold, timeZoneDetected } = context.settings;
  return { desiredRetention, newPerDay, reviewsPerDay, timeZone, dayStartHour, leechThreshold, timeZoneDetected };
}

export async function getStudySettings(actor: Actor, courseSlug: string): Promise<StudySettingsDto> {
  const course = await requireCourseBySlug(courseSlug);
  return toDto(await loadSchedulingContext(db(), actor.id, course.id));
}

/**
 * Saves the student's settings. A change that alters scheduling (retention, time zone, day start)
 * reschedules the student's cards in this course by replaying their history under the new settings,
 * so every stored state keeps equalling its replay.
 */
export async function updateStudySettings(actor: Actor, courseSlug: string, input: unknown): Promise<StudySettingsDto> {
  const settings = parseInput(studySettingsSchema, input);
  await assertDatabaseTimeZone(settings.timeZone);
  const course = await requireCourseBySlug(courseSlug);
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${settingsLockKey(actor.id, course.id)})`;
    const before = await loadSchedulingContext(tx, actor.id, course.id);
    const row = await tx.courseSettings.upsert({
      where: { userId_courseId: { userId: actor.id, courseId: course.id } },
      create: { userId: actor.id, courseId: course.id, ...settings, timeZoneDetected: true },
      update: { ...settings, timeZoneDetected: true },
    });
    const after = schedulingContextOf(row);
    const schedulingChanged =
      before.params.desiredRetention !== after.params.desiredRetention ||
      before.dayRule.timeZone !== after.dayRule.timeZone ||
      before.dayRule.dayStartHour !== after.dayRule.dayStartHour;
    if (schedulingChanged) await rescheduleCourse(tx, actor.id, course.id, after);
    return toDto(after);
  });
}

export type WeightsChoice = { weights: readonly number[]; source: WeightsSource; fitId: string | null };

/**
 * Sets the FSRS weights a student is scheduled with in a course (the memory-model job, or the
 * student opting out) and, when they change, replays every card of theirs under them, like a
 * retention change: every stored state keeps equalling its replay. Runs in the caller's transaction
 * under the settings lock, exclusively. `decide` sees the settings row as it is under the lock (a
 * student who opted out meanwhile) and returns the choice, or null to leave them alone.
 */
export async function setStudentWeights(
  tx: Tx,
  userId: string,
  courseId: string,
  decide: (current: CourseSettings | null) => WeightsChoice | null,
): Promise<{ changed: boolean; rescheduled: number }> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${settingsLockKey(userId, courseId)})`;
  const current = await tx.courseSettings.findUnique({ where: { userId_courseId: { userId, courseId } } });
  const choice = decide(current);
  if (!choice) return { changed: false, rescheduled: 0 };
  const before = schedulingContextOf(current);
  const data = { weights: [...choice.weights], weightsSource: choice.source, weightsFitId: choice.fitId };
  const row = await tx.courseSettings.upsert({
    where: { userId_courseId: { userId, courseId } },
    create: { userId, courseId, ...data },
    update: data,
  });
  const after = schedulingContextOf(row);
  const weightsChanged =
    before.params.weights.length !== after.params.weights.length || before.params.weights.some((weight, index) => weight !== after.params.weights[index]);
  return { changed: weightsChanged, rescheduled: weightsChanged ? await rescheduleCourse(tx, userId, courseId, after) : 0 };
}
