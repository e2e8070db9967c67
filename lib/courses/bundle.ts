import "server-only";
import { cache } from "react";
import type { BundleLesson, BundleUnit, CourseBundle, SourceParagraph, SupportResource } from "@/lib/content/bundle";
import { db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";

/**
 * Read functions for the student pages. Pages render from the compiled bundle stored on the Course
 * row (`Course.bundle`), so they never re-read `content/`; database ids for lessons come from the
 * Lesson rows the importer wrote. Memoised per request.
 */

export type CourseListItem = { id: string; slug: string; title: string; summary: string };

export const listCourses = cache(async (): Promise<CourseListItem[]> => {
  return db().course.findMany({ select: { id: true, slug: true, title: true, summary: true }, orderBy: { title: "asc" } });
});

export type StoredCourse = {
  id: string;
  slug: string;
  title: string;
  contentNote: string;
  supportResources: SupportResource[];
  bundle: CourseBundle;
  /** Lesson key → Lesson row id (only lessons that are not archived). */
  lessonIds: Map<string, string>;
};

/** The course with its bundle, or NotFoundError. */
export const getCourse = cache(async (slug: string): Promise<StoredCourse> => {
  const row = await db().course.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      title: true,
      contentNote: true,
      supportResources: true,
      bundle: true,
      lessons: { where: { archived: false }, select: { id: true, key: true } },
    },
  });
  if (!row) throw new NotFoundError(`No course "${slug}".`);
  const bundle = row.bundle as unknown as CourseBundle;
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    contentNote: row.contentNote,
    supportResources: asResources(row.supportResources),
    bundle: { ...bundle, units: bundle.units ?? [], cards: bundle.cards ?? [] },
    lessonIds: new Map(row.lessons.map((lesson) => [lesson.key, lesson.id])),
  };
});

function asResources(value: unknown): SupportResource[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (item): item is SupportResource =>
      typeof item === "object" && item !== null && typeof item.name === "string" && typeof item.detail === "string",
  );
}

export type LessonView = {
  course: StoredCourse;
  unit: BundleUnit;
  lesson: BundleLesson;
  lessonId: string | undefined;
  passages: SourceParagraph[];
  previous: { key: string; title: string } | null;
  next: { key: string; title: string } | null;
  cardCount: number;
};

export async function getLesson(slug: string, lessonKey: string): Promise<LessonView> {
  const course = await getCourse(slug);
  const ordered = course.bundle.units.flatMap((unit) => unit.lessons.map((lesson) => ({ unit, lesson })));
  const index = ordered.findIndex((entry) => entry.lesson.key === lessonKey);
  const found = ordered[index];
  if (!found) throw new NotFoundError(`No lesson "${lessonKey}" in this course.`);
  const paragraphs = new Map(course.bundle.source.paragraphs.map((paragraph) => [paragraph.anchor, paragraph]));
  const neighbour = (at: number) => {
    const entry = ordered[at];
    return entry ? { key: entry.lesson.key, title: entry.lesson.title } : null;
  };
  return {
    course,
    unit: found.unit,
    lesson: found.lesson,
    lessonId: course.lessonIds.get(lessonKey),
    passages: found.lesson.passages.flatMap((anchor) => paragraphs.get(anchor) ?? []),
    previous: neighbour(index - 1),
    next: neighbour(index + 1),
    cardCount: course.bundle.cards.filter((card) => card.lessonKey === lessonKey).length,
  };
}

/** Support resources of every course, de-duplicated by name and detail (for /help). */
export async function allSupportResources(): Promise<{ resources: SupportResource[]; notes: { title: string; note: string }[] }> {
  const rows = await db().course.findMany({
    select: { title: true, contentNote: true, supportResources: true },
    orderBy: { title: "asc" },
  });
  const seen = new Set<string>();
  const resources: SupportResource[] = [];
  for (const row of rows) {
    for (const resource of asResources(row.supportResources)) {
      const key = `${resource.name}\u0000${resource.detail}`;
      if (seen.has(key)) continue;
      seen.add(key);
      resources.push(resource);
    }
  }
  return { resources, notes: rows.map((row) => ({ title: row.title, note: row.contentNote })) };
}
