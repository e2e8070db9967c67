import "server-only";
import type { DbClient } from "@/lib/db/client";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import {
  effectiveWeights,
  examMoment,
  forecastCards,
  localDayNumber,
  RetrievabilityEstimator,
  summarizeForecast,
  type CardForecast,
} from "@/lib/srs";
import { requireCourseBySlug } from "./course";
import type { SchedulingContext } from "./scheduling-context";
import { loadSchedulingContext } from "./scheduling-context";

const DAY_MS = 86_400_000;

export type ExamDay = { classId: string; className: string; examDate: string; at: Date };

/** The exam day a class's row stands for, as `2026-05-14`. */
export function examDateString(examDate: Date): string {
  return examDate.toISOString().slice(0, 10);
}

/** `2026-05-14` as people read it: "Thu, May 14, 2026" (a calendar day: no zone shift). */
export function formatExamDate(examDate: string): string {
  return new Date(`${examDate}T00:00:00Z`).toLocaleDateString("en-US", { timeZone: "UTC", weekday: "short", month: "short", day: "numeric", year: "numeric" });
}

/** A predicted recall as a whole percentage ("83 %"), or a dash when nothing is learned. */
export function formatRecall(recall: number | null): string {
  return recall === null ? "–" : `${Math.round(recall * 100)} %`;
}

/** The exam day is before today in the class's zone (an exam today still counts as coming). */
export function examIsPast(examDate: Date, classTimeZone: string, now: Date): boolean {
  return Math.round(examDate.getTime() / DAY_MS) < localDayNumber(now, classTimeZone, 0);
}

/**
 * The student's next exam in this course: the nearest exam date, today or later in its class's
 * zone, of the active classes they are in (a student in two sections takes the earlier one).
 */
export async function nextExamOf(client: DbClient, userId: string, courseId: string, now: Date): Promise<ExamDay | null> {
  const classes = await client.class.findMany({
    where: { courseId, archivedAt: null, examDate: { not: null }, enrollments: { some: { userId, removedAt: null } } },
    select: { id: true, name: true, timeZone: true, examDate: true },
  });
  let next: ExamDay | null = null;
  for (const cls of classes) {
    const examDate = examDateString(cls.examDate!);
    if (examIsPast(cls.examDate!, cls.timeZone, now)) continue;
    const at = examMoment(examDate, cls.timeZone);
    if (!next || at < next.at) next = { classId: cls.id, className: cls.name, examDate, at };
  }
  return next;
}

/** The weights a forecast uses: the student's own scheduling weights (course fit, own fit or defaults). */
export function forecastWeights(context: SchedulingContext): number[] {
  return [...effectiveWeights(context.params)];
}

export type CardExamForecast = CardForecast & { lessonId: string };

/**
 * Predicted recall at `at` of each of the student's learned, unsuspended cards in the course (no
 * review assumed before then).
 */
export async function forecastStudentCards(
  client: DbClient,
  userId: string,
  courseId: string,
  context: SchedulingContext,
  estimator: RetrievabilityEstimator,
): Promise<CardExamForecast[]> {
  const rows = await client.cardState.findMany({
    where: { userId, courseId, suspended: false, state: { not: "new" }, lastReview: { not: null }, card: { archived: false } },
    select: { cardId: true, stability: true, lastReview: true, card: { select: { lessonId: true } } },
  });
  const lessonOf = new Map(rows.map((row) => [row.cardId, row.card.lessonId]));
  const student = { ...context.dayRule, weights: forecastWeights(context) };
  return forecastCards(rows, student, estimator).map((forecast) => ({ ...forecast, lessonId: lessonOf.get(forecast.cardId)! }));
}

export type MyExamForecastDto = {
  classId: string;
  className: string;
  /** `2026-05-14`, in the class's zone. */
  examDate: string;
  /** The moment the forecast is for (noon on the exam day in the class's zone). */
  at: string;
  /** The student's desired retention: cards predicted below it are worth studying before the exam. */
  target: number;
  /** Learned cards forecast; new cards are not counted. */
  cards: number;
  meanRecall: number | null;
  belowTarget: number;
};

/**
 * The signed-in student's predicted recall on their next exam day in this course, from their own
 * cards only; null when none of their classes has an upcoming exam date.
 */
export async function getMyExamForecast(actor: Actor, courseSlug: string, now: Date): Promise<MyExamForecastDto | null> {
  const client = db();
  const course = await requireCourseBySlug(actor, courseSlug, client);
  const exam = await nextExamOf(client, actor.id, course.id, now);
  if (!exam) return null;
  const context = await loadSchedulingContext(client, actor.id, course.id);
  const forecasts = await forecastStudentCards(client, actor.id, course.id, context, new RetrievabilityEstimator(exam.at));
  const target = context.settings.desiredRetention;
  return {
    classId: exam.classId,
    className: exam.className,
    examDate: exam.examDate,
    at: exam.at.toISOString(),
    target,
    ...summarizeForecast(forecasts, target),
  };
}
