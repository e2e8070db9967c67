import "server-only";
import { z } from "zod";
import type { MemoryModelFit, MemoryModelRun } from "@prisma/client";
import type { CourseFitDto, CourseMemoryModelDto, MemoryModelRunDto, MyMemoryModelDto } from "@/lib/contracts";
import { db } from "@/lib/db/client";
import { enqueueMemoryModelRun } from "@/lib/jobs/boss";
import { ForbiddenError } from "@/lib/errors";
import { classForInstructor } from "@/lib/classes/access";
import { requireCourseBySlug } from "@/lib/review/course";
import { setStudentWeights } from "@/lib/review/settings";
import { parseInput } from "@/lib/validation";
import type { Actor } from "@/lib/auth/actor";
import type { StudentDecision } from "./run";

/**
 * Who sees a course's fit and may refit it: an admin, or an instructor teaching a class (not
 * archived) of the course. Students and other instructors get 403: course slugs are public.
 */
async function requireCourseTeacher(actor: Actor, slug: string) {
  if (actor.role !== "admin" && actor.role !== "instructor") throw new ForbiddenError("Only the course's instructors can see its memory model.");
  const course = await requireCourseBySlug(slug);
  if (actor.role === "instructor") {
    const teaches = await db().classInstructor.findFirst({
      where: { userId: actor.id, class: { courseId: course.id, archivedAt: null } },
      select: { id: true },
    });
    if (!teaches) throw new ForbiddenError("Only instructors teaching a class of this course can see its memory model.");
  }
  return course;
}

function fitDto(fit: MemoryModelFit): CourseFitDto {
  return {
    id: fit.id,
    fittedAt: fit.createdAt.toISOString(),
    reviewCount: fit.reviewCount,
    studentCount: fit.studentCount,
    accepted: fit.accepted,
    weights: fit.weights,
    logLoss: fit.logLoss,
    rmseBins: fit.rmseBins,
    baselineLogLoss: fit.baselineLogLoss,
    baselineRmseBins: fit.baselineRmseBins,
  };
}

function runDto(run: MemoryModelRun & { fits: MemoryModelFit[] }): MemoryModelRunDto {
  const decisions = run.decisions as StudentDecision[];
  const courseFit = run.fits.find((fit) => fit.userId === null);
  return {
    id: run.id,
    status: run.status,
    reason: run.reason,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    optimizerSeconds: run.optimizerSeconds,
    students: decisions.length,
    studentsWithOwnWeights: decisions.filter((decision) => decision.source === "student").length,
    courseFit: courseFit ? fitDto(courseFit) : null,
    error: run.error,
  };
}

export async function getCourseMemoryModel(actor: Actor, slug: string): Promise<CourseMemoryModelDto> {
  const course = await requireCourseTeacher(actor, slug);
  const runs = await db().memoryModelRun.findMany({
    where: { courseId: course.id },
    orderBy: { startedAt: "desc" },
    take: 20,
    include: { fits: { where: { userId: null } } },
  });
  const current = runs.find((run) => run.status === "done" && run.fits.some((fit) => fit.accepted));
  const currentFit = current?.fits.find((fit) => fit.accepted);
  return { course: { slug: course.slug, title: course.title }, current: currentFit ? fitDto(currentFit) : null, runs: runs.map(runDto) };
}

/** Queues a refit of the course now. `queued` is false when one is already waiting. */
export async function requestCourseFit(actor: Actor, slug: string): Promise<{ queued: boolean }> {
  const course = await requireCourseTeacher(actor, slug);
  const id = await enqueueMemoryModelRun({ courseId: course.id, reason: "on-demand", requestedById: actor.id });
  return { queued: id !== null };
}

/** The class page's view: the fit of the class's course (its instructors and admins; others 404). */
export async function getClassMemoryModel(actor: Actor, classId: string): Promise<CourseMemoryModelDto> {
  const { cls } = await classForInstructor(db(), actor, classId);
  return getCourseMemoryModel(actor, cls.course.slug);
}

/** "Refit now" from a class page: queues a run for the class's course. */
export async function requestClassCourseFit(actor: Actor, classId: string): Promise<{ queued: boolean }> {
  const { cls } = await classForInstructor(db(), actor, classId);
  return requestCourseFit(actor, cls.course.slug);
}

export async function getMyMemoryModel(actor: Actor, slug: string): Promise<MyMemoryModelDto> {
  const course = await requireCourseBySlug(slug);
  const settings = await db().courseSettings.findUnique({ where: { userId_courseId: { userId: actor.id, courseId: course.id } } });
  const fit = settings?.weightsFitId ? await db().memoryModelFit.findUnique({ where: { id: settings.weightsFitId } }) : null;
  return {
    source: settings?.weightsSource ?? "defaults",
    optedOut: settings?.fittedWeightsOptOut ?? false,
    reviewCount: fit?.reviewCount ?? null,
    figures: fit ? { logLoss: fit.logLoss, rmseBins: fit.rmseBins, baselineLogLoss: fit.baselineLogLoss, baselineRmseBins: fit.baselineRmseBins } : null,
    fittedAt: fit?.createdAt.toISOString() ?? null,
  };
}

export const fittedWeightsChoiceSchema = z.strictObject({ useFittedWeights: z.boolean() });

/**
 * A student keeps the model's defaults (opt out) or goes back to fitted weights: the newest finished
 * run's decision for them, or the course's fit in use. Either way their cards are replayed.
 */
export async function chooseFittedWeights(actor: Actor, slug: string, input: unknown): Promise<MyMemoryModelDto> {
  const { useFittedWeights } = parseInput(fittedWeightsChoiceSchema, input);
  const course = await requireCourseBySlug(slug);
  await db().$transaction(async (tx) => {
    let choice: StudentDecision | null = null;
    if (useFittedWeights) {
      const runs = await tx.memoryModelRun.findMany({ where: { courseId: course.id, status: "done" }, orderBy: { startedAt: "desc" }, take: 1 });
      const decision = (runs[0]?.decisions as StudentDecision[] | undefined)?.find((entry) => entry.userId === actor.id);
      const courseFit = runs[0] ? await tx.memoryModelFit.findFirst({ where: { runId: runs[0].id, userId: null, accepted: true } }) : null;
      choice = decision ?? (courseFit ? { userId: actor.id, source: "course", fitId: courseFit.id, weights: courseFit.weights } : null);
    }
    await setStudentWeights(tx, actor.id, course.id, () => choice ?? { weights: [], source: "defaults", fitId: null });
    await tx.courseSettings.update({
      where: { userId_courseId: { userId: actor.id, courseId: course.id } },
      data: { fittedWeightsOptOut: !useFittedWeights },
    });
  });
  return getMyMemoryModel(actor, slug);
}
