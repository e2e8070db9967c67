import "server-only";
import type { StoredCourse } from "./bundle";

export type CourseOutline = {
  slug: string;
  title: string;
  summary: string;
  audience: string;
  contentNote: string;
  supportResources: StoredCourse["supportResources"];
  cardCount: number;
  units: {
    key: string;
    title: string;
    summary: string;
    cardCount: number;
    lessons: { key: string; title: string; objectives: string[]; estimatedMinutes: number; cardCount: number }[];
  }[];
};

/** The shape `GET /api/courses/<slug>` returns: units, lessons and card counts, no card text. */
export function courseOutline(course: StoredCourse): CourseOutline {
  const cardsPerLesson = new Map<string, number>();
  for (const card of course.bundle.cards) cardsPerLesson.set(card.lessonKey, (cardsPerLesson.get(card.lessonKey) ?? 0) + 1);
  const units = course.bundle.units.map((unit) => {
    const lessons = unit.lessons.map((lesson) => ({
      key: lesson.key,
      title: lesson.title,
      objectives: lesson.objectives,
      estimatedMinutes: lesson.estimatedMinutes,
      cardCount: cardsPerLesson.get(lesson.key) ?? 0,
    }));
    return {
      key: unit.key,
      title: unit.title,
      summary: unit.summary,
      cardCount: lessons.reduce((sum, lesson) => sum + lesson.cardCount, 0),
      lessons,
    };
  });
  return {
    slug: course.slug,
    title: course.title,
    summary: course.bundle.summary,
    audience: course.bundle.audience,
    contentNote: course.contentNote,
    supportResources: course.supportResources,
    cardCount: course.bundle.cards.length,
    units,
  };
}
