import "server-only";
import { cache } from "react";
import type { BundleLesson, BundleUnit, CourseBundle, SourceParagraph, SupportResource } from "@/lib/content/bundle";
import type { Actor } from "@/lib/auth/actor";
import { visibleCourseWhere } from "@/lib/auth/course-access";
import { db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";

/**
 * Read functions for the student pages. Pages render from the compiled bundle stored on the Course
 * row (`Course.bundle`), so they never re-read `content/`; database ids for lessons come from the
 * Lesson rows the importer wrote. Memoised per request. Each read applies the visibility rule of
 * lib/auth/course-access.ts: a course the actor may not see is the same 404 as one that does not exist.
 */

export type CourseListItem = { id: string; slug: string; title: string; summary: string };

export function listCourses(actor: Actor): Promise<CourseListItem[]> {
  return listVisibleCourses(actor.id, actor.role);
}

const listVisibleCourses = cache(async (id: string, role: Actor["role"]): Promise<CourseListItem[]> => {
  return db().course.findMany({
    where: visibleCourseWhere({ id, role }),
    select: { id: true, slug: true, title: true, summary: true },
    orderBy: { title: "asc" },
  });
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
export function getCourse(actor: Actor, slug: string): Promise<StoredCourse> {
  return loadVisibleCourse(actor.id, actor.role, slug);
}

const loadVisibleCourse = cache(async (id: string, role: Actor["role"], slug: string): Promise<StoredCourse> => {
  const row = await db().course.findFirst({
    where: { slug, ...visibleCourseWhere({ id, role }) },
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

export async function getLesson(actor: Actor, slug: string, lessonKey: string): Promise<LessonView> {
  const course = await getCourse(actor, slug);
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

/**
 * Support resources of every built-in course, de-duplicated by name and detail (for /help, which is
 * open to everyone: a studio course is visible only to its class, so it is not listed there).
 */
export async function allSupportResources(): Promise<{ resources: SupportResource[]; notes: { title: string; note: string }[] }> {
  const rows = await db().course.findMany({
    where: { studioId: null },
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
