import "server-only";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { examMoment, RetrievabilityEstimator, summarizeForecast, type ForecastSummary } from "@/lib/srs";
import { examDateString, examIsPast, forecastStudentCards, type CardExamForecast } from "@/lib/review/exam";
import { schedulingContextOf } from "@/lib/review/scheduling-context";
import { classForInstructor } from "./access";

export type StudentExamForecast = ForecastSummary & { userId: string; name: string; target: number };
export type LessonExamForecast = { lessonKey: string; title: string; meanRecall: number | null; cards: number; students: number };

export type ClassExamForecastDto = {
  classId: string;
  /** `2026-05-14` in the class's zone, or null: no exam date set. */
  examDate: string | null;
  /** The moment forecast (noon on the exam day in the class's zone). */
  at: string | null;
  /** The exam day is before today in the class's zone: no forecast (recall then is history, not a prediction). */
  past: boolean;
  /** Current students, lowest predicted recall first (students with no learned card last). */
  students: StudentExamForecast[];
  /** Lessons in course order: mean over every current student's learned cards of the lesson. */
  lessons: LessonExamForecast[];
};

/**
 * Predicted recall on the class's exam day, per current student (against their own desired
 * retention) and per lesson, from each student's current card states under their own weights and
 * day rule, assuming no review before the exam. Instructors of the class and admins only.
 */
export async function getClassExamForecast(actor: Actor, classId: string, now: Date): Promise<ClassExamForecastDto> {
  const client = db();
  const { cls } = await classForInstructor(client, actor, classId);
  const empty = { classId, students: [], lessons: [] };
  if (!cls.examDate) return { ...empty, examDate: null, at: null, past: false };
  const examDate = examDateString(cls.examDate);
  const at = examMoment(examDate, cls.timeZone);
  if (examIsPast(cls.examDate, cls.timeZone, now)) {
    return { ...empty, examDate, at: at.toISOString(), past: true };
  }
  const [enrollments, lessons] = await Promise.all([
    client.enrollment.findMany({ where: { classId, removedAt: null }, select: { user: { select: { id: true, name: true } } } }),
    client.lesson.findMany({
      where: { courseId: cls.courseId, archived: false },
      select: { id: true, key: true, title: true },
      orderBy: [{ unit: { position: "asc" } }, { position: "asc" }],
    }),
  ]);
  const settings = await client.courseSettings.findMany({
    where: { courseId: cls.courseId, userId: { in: enrollments.map((enrollment) => enrollment.user.id) } },
  });
  const settingsOf = new Map(settings.map((row) => [row.userId, row]));
  const estimator = new RetrievabilityEstimator(at);
  const byLesson = new Map<string, { sum: number; cards: number; students: Set<string> }>();
  const students: StudentExamForecast[] = [];
  // One student at a time keeps memory flat for large classes; each is one indexed query.
  for (const { user } of enrollments) {
    const context = schedulingContextOf(settingsOf.get(user.id) ?? null);
    const forecasts: CardExamForecast[] = await forecastStudentCards(client, user.id, cls.courseId, context, estimator);
    const target = context.settings.desiredRetention;
    students.push({ userId: user.id, name: user.name, target, ...summarizeForecast(forecasts, target) });
    for (const forecast of forecasts) {
      const entry = byLesson.get(forecast.lessonId) ?? { sum: 0, cards: 0, students: new Set<string>() };
      entry.sum += forecast.recall;
      entry.cards += 1;
      entry.students.add(user.id);
      byLesson.set(forecast.lessonId, entry);
    }
  }
  students.sort((a, b) => (a.meanRecall ?? 2) - (b.meanRecall ?? 2) || a.name.localeCompare(b.name));
  return {
    classId,
    examDate,
    at: at.toISOString(),
    past: false,
    students,
    lessons: lessons.map((lesson) => {
      const entry = byLesson.get(lesson.id);
      return {
        lessonKey: lesson.key,
        title: lesson.title,
        meanRecall: entry ? entry.sum / entry.cards : null,
        cards: entry?.cards ?? 0,
        students: entry?.students.size ?? 0,
      };
    }),
  };
}
