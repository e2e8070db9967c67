import "server-only";
import { NotFoundError } from "@/lib/errors";
import { db, type DbClient } from "./client";

export type CourseRef = { id: string; slug: string; title: string };

/** Every signed-in user may study every imported course; an unknown slug is a 404. */
export async function requireCourseBySlug(slug: string, client: DbClient = db()): Promise<CourseRef> {
  const course = await client.course.findUnique({ where: { slug }, select: { id: true, slug: true, title: true } });
  if (!course) throw new NotFoundError(`No course "${slug}".`);
  return course;
}
