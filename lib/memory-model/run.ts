import "server-only";
import pg from "pg";
import type { CourseSettings, WeightsSource } from "@prisma/client";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { setStudentWeights } from "@/lib/review/settings";
import { DEFAULT_STUDY_SETTINGS, trainingItems, type DayRule, type TrainingItem, type TrainingLogEntry } from "@/lib/srs";
import { planFits, type FitPlan } from "./fit";

export type RunReason = "nightly" | "on-demand" | "command";

export type StudentDecision = { userId: string; source: WeightsSource; fitId: string | null; weights: number[] };

export type RunOutcome =
  | { status: "busy" }
  | { status: "done"; runId: string; resumed: boolean; students: number; rescheduledStudents: number; courseFitUsed: boolean; ownWeights: number };

/**
 * One optimizer run for a course: fit (./fit.ts), store the fits and every student's decision in one
 * transaction, then give each student their weights in a transaction of their own (replaying their
 * cards). One run per course at a time: a session advisory lock on a connection of its own, released
 * when the run ends or its process dies. A run that did not finish is resumed by the next one, which
 * skips the fitting when it was stored and the students already done.
 */
export async function runCourseOptimizer(courseId: string, options: { reason: RunReason; requestedById?: string | null }): Promise<RunOutcome> {
  const lockConnection = new pg.Client({ connectionString: env().DATABASE_URL, application_name: "retain-memory-model" });
  await lockConnection.connect();
  try {
    const [row] = (await lockConnection.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext('memory-model:' || $1)) AS locked", [courseId])).rows;
    if (!row?.locked) return { status: "busy" };
    return await runLocked(courseId, options);
  } finally {
    await lockConnection.end().catch(() => {});
  }
}

async function runLocked(courseId: string, options: { reason: RunReason; requestedById?: string | null }): Promise<RunOutcome> {
  const client = db();
  const unfinished = await client.memoryModelRun.findFirst({ where: { courseId, status: "running" }, orderBy: { startedAt: "desc" } });
  const run = unfinished ?? (await client.memoryModelRun.create({ data: { courseId, reason: options.reason, requestedById: options.requestedById ?? null } }));
  try {
    let decisions: StudentDecision[];
    let courseFitUsed: boolean;
    if (run.fittedAt) {
      decisions = run.decisions as StudentDecision[];
      courseFitUsed = decisions.some((decision) => decision.source === "course");
    } else {
      const { itemsByStudent, settings } = await loadCourseTraining(courseId);
      const plan = await planFits(itemsByStudent);
      ({ decisions, courseFitUsed } = await storeFits(run.id, courseId, plan, settings));
    }
    const applied = new Set(run.appliedUserIds);
    let rescheduledStudents = 0;
    for (const decision of decisions) {
      if (applied.has(decision.userId)) continue;
      const result = await client.$transaction(async (tx) => {
        const outcome = await setStudentWeights(tx, decision.userId, courseId, (current) => (current?.fittedWeightsOptOut ? null : decision));
        await tx.memoryModelRun.update({ where: { id: run.id }, data: { appliedUserIds: { push: decision.userId } } });
        return outcome;
      });
      if (result.changed) rescheduledStudents += 1;
    }
    await client.memoryModelRun.update({ where: { id: run.id }, data: { status: "done", finishedAt: new Date(), error: null } });
    return {
      status: "done",
      runId: run.id,
      resumed: unfinished !== null,
      students: decisions.length,
      rescheduledStudents,
      courseFitUsed,
      ownWeights: decisions.filter((decision) => decision.source === "student").length,
    };
  } catch (error) {
    // Left `running`: the job's retry (or the next run) resumes it.
    await client.memoryModelRun.update({ where: { id: run.id }, data: { error: String(error instanceof Error ? error.message : error).slice(0, 500) } }).catch(() => {});
    throw error;
  }
}

/** Every student's training items in the course, each in their own local days. */
async function loadCourseTraining(courseId: string) {
  const client = db();
  const [logs, settings] = await Promise.all([
    client.reviewLog.findMany({
      where: { courseId },
      orderBy: [{ userId: "asc" }, { reviewedAt: "asc" }, { createdAt: "asc" }],
      select: { userId: true, cardId: true, kind: true, rating: true, reviewedAt: true, undone: true },
    }),
    client.courseSettings.findMany({ where: { courseId } }),
  ]);
  const settingsByUser = new Map(settings.map((row) => [row.userId, row]));
  const logsByUser = new Map<string, TrainingLogEntry[]>();
  for (const log of logs) {
    const list = logsByUser.get(log.userId) ?? [];
    list.push(log);
    logsByUser.set(log.userId, list);
  }
  const itemsByStudent = new Map<string, TrainingItem[]>();
  for (const [userId, userLogs] of logsByUser) itemsByStudent.set(userId, trainingItems(userLogs, dayRuleOf(settingsByUser.get(userId))));
  return { itemsByStudent, settings: settingsByUser };
}

function dayRuleOf(row: CourseSettings | undefined): DayRule {
  return row
    ? { timeZone: row.timeZone, dayStartHour: row.dayStartHour }
    : { timeZone: DEFAULT_STUDY_SETTINGS.timeZone, dayStartHour: DEFAULT_STUDY_SETTINGS.dayStartHour };
}

async function storeFits(runId: string, courseId: string, plan: FitPlan, settings: Map<string, CourseSettings>) {
  return db().$transaction(async (tx) => {
    const courseFit = plan.course
      ? await tx.memoryModelFit.create({
          data: {
            runId,
            courseId,
            weights: plan.course.weights,
            reviewCount: plan.course.reviewCount,
            studentCount: plan.course.studentCount,
            logLoss: plan.course.heldOut?.logLoss ?? null,
            rmseBins: plan.course.heldOut?.rmseBins ?? null,
            baselineLogLoss: plan.course.defaults?.logLoss ?? null,
            baselineRmseBins: plan.course.defaults?.rmseBins ?? null,
            accepted: plan.course.accepted,
          },
        })
      : null;
    const ownFits = new Map<string, { id: string; weights: number[] }>();
    for (const student of plan.students) {
      const fit = await tx.memoryModelFit.create({
        data: {
          runId,
          courseId,
          userId: student.userId,
          weights: student.weights,
          reviewCount: student.reviewCount,
          studentCount: 1,
          logLoss: student.own.logLoss,
          rmseBins: student.own.rmseBins,
          baselineLogLoss: student.course.logLoss,
          baselineRmseBins: student.course.rmseBins,
          accepted: student.accepted,
        },
      });
      if (student.accepted) ownFits.set(student.userId, { id: fit.id, weights: student.weights });
    }
    // Everyone with settings or reviews in the course; a student who starts later is scheduled with the
    // defaults until the next run (nightly) finds their reviews.
    const reviewers = await tx.reviewLog.findMany({ where: { courseId }, distinct: ["userId"], select: { userId: true } });
    const userIds = [...new Set([...settings.keys(), ...reviewers.map((row) => row.userId)])].sort();
    const courseUsed = courseFit?.accepted ? courseFit : null;
    const decisions: StudentDecision[] = userIds.map((userId) => {
      const own = ownFits.get(userId);
      if (own) return { userId, source: "student", fitId: own.id, weights: own.weights };
      if (courseUsed) return { userId, source: "course", fitId: courseUsed.id, weights: courseUsed.weights };
      return { userId, source: "defaults", fitId: null, weights: [] };
    });
    await tx.memoryModelRun.update({
      where: { id: runId },
      data: { fittedAt: new Date(), decisions, optimizerSeconds: plan.optimizerSeconds },
    });
    return { decisions, courseFitUsed: courseUsed !== null };
  });
}
