import "server-only";
import { NotFoundError } from "@/lib/errors";
import { db, type DbClient } from "@/lib/db/client";

export type CourseRef = { id: string; slug: string; title: string };

/** Every signed-in user may study every imported course; an unknown slug is a 404. */
export async function requireCourseBySlug(slug: string, client: DbClient = db()): Promise<CourseRef> {
  const course = await client.course.findUnique({ where: { slug }, select: { id: true, slug: true, title: true } });
  if (!course) throw courseNotFound(slug);
  return course;
}

/** The error for an unknown course slug (also thrown by queries that look the course up themselves). */
export function courseNotFound(slug: string): NotFoundError {
  return new NotFoundError(`No course "${slug}".`);
}
