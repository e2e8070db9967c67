import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { visibleCourseWhere } from "@/lib/auth/course-access";
import { NotFoundError } from "@/lib/errors";
import { db, type DbClient } from "@/lib/db/client";

export type CourseRef = { id: string; slug: string; title: string };

/**
 * The course the actor may study (lib/auth/course-access.ts): built-in courses for everyone, a studio
 * course through a class; an unknown or hidden slug is the same 404.
 */
export async function requireCourseBySlug(actor: Actor, slug: string, client: DbClient = db()): Promise<CourseRef> {
  const course = await client.course.findFirst({
    where: { slug, ...visibleCourseWhere(actor) },
    select: { id: true, slug: true, title: true },
  });
  if (!course) throw courseNotFound(slug);
  return course;
}

/** The error for an unknown course slug (also thrown by queries that look the course up themselves). */
export function courseNotFound(slug: string): NotFoundError {
  return new NotFoundError(`No course "${slug}".`);
}
