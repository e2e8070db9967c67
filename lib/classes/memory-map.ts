import "server-only";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { examMoment, RetrievabilityEstimator, type MapRecall } from "@/lib/srs";
import { examDateString, examIsPast, forecastStudentCards } from "@/lib/review/exam";
import { loadMapSource, memoryMapOf, type MemoryMapDto } from "@/lib/review/memory-map";
import { schedulingContextOf } from "@/lib/review/scheduling-context";
import { classForInstructor } from "./access";

export type ClassMemoryMapDto = MemoryMapDto & { classId: string; className: string; students: number };

/**
 * The class's memory map: each passage shaded by the mean predicted recall, over every current
 * student's learned cards citing it, on the class's exam day when it is upcoming, otherwise now.
 * Instructors of the class and admins only.
 */
export async function getClassMemoryMap(actor: Actor, classId: string, now: Date): Promise<ClassMemoryMapDto> {
  const client = db();
  const { cls } = await classForInstructor(client, actor, classId);
  const exam = cls.examDate && !examIsPast(cls.examDate, cls.timeZone, now) ? examDateString(cls.examDate) : null;
  const at = exam ? examMoment(exam, cls.timeZone) : now;
  const [enrollments, source] = await Promise.all([
    client.enrollment.findMany({ where: { classId, removedAt: null }, select: { userId: true } }),
    loadMapSource(client, cls.courseId),
  ]);
  const settings = await client.courseSettings.findMany({
    where: { courseId: cls.courseId, userId: { in: enrollments.map((enrollment) => enrollment.userId) } },
  });
  const settingsOf = new Map(settings.map((row) => [row.userId, row]));
  const estimator = new RetrievabilityEstimator(at);
  const recalls: MapRecall[] = [];
  // One student at a time keeps memory flat for large classes; each is one indexed query.
  for (const { userId } of enrollments) {
    const context = schedulingContextOf(settingsOf.get(userId) ?? null);
    for (const forecast of await forecastStudentCards(client, userId, cls.courseId, context, estimator)) recalls.push(forecast);
  }
  return { ...memoryMapOf(source, recalls, at, exam), classId, className: cls.name, students: enrollments.length };
}
