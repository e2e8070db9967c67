import "server-only";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { lessonProgress, type LessonProgress } from "./progress";
import { meanRetrievability } from "@/lib/srs";
import { requireCourseBySlug } from "@/lib/review/course";
import { loadSchedulingContext } from "@/lib/review/scheduling-context";

/** One lesson's mastery for one student: how many of its cards are learned, and how well they are held now. */
export type LessonMasteryDto = LessonProgress & {
  /** Mean predicted recall now (FSRS forgetting curve) of the lesson's studied cards, 0..1; null before any. */
  recall: number | null;
};

/**
 * Per-lesson mastery in a course for the signed-in student, as the course page and dashboard show it:
 * the share of cards learned (lib/courses/progress.ts) and the predicted recall of those studied,
 * computed like the statistics page's "predicted recall now" (suspended cards left out).
 */
export async function getLessonMastery(
  actor: Actor,
  courseSlug: string,
  now: Date,
): Promise<Map<string, LessonMasteryDto>> {
  const course = await requireCourseBySlug(actor, courseSlug);
  const client = db();
  const [progress, context, states] = await Promise.all([
    lessonProgress(actor.id, course.id),
    loadSchedulingContext(client, actor.id, course.id),
    client.cardState.findMany({
      where: { userId: actor.id, courseId: course.id, state: { not: "new" }, card: { archived: false } },
      select: {
        state: true,
        due: true,
        stability: true,
        lastReview: true,
        suspended: true,
        card: { select: { lessonId: true } },
      },
    }),
  ]);
  const byLesson = new Map<string, typeof states>();
  for (const state of states) {
    const list = byLesson.get(state.card.lessonId) ?? [];
    list.push(state);
    byLesson.set(state.card.lessonId, list);
  }
  const mastery = new Map<string, LessonMasteryDto>();
  for (const [lessonId, entry] of progress) {
    const recall = meanRetrievability(byLesson.get(lessonId) ?? [], now, context.params, context.dayRule).mean;
    mastery.set(lessonId, { ...entry, recall });
  }
  return mastery;
}
