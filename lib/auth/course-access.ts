import "server-only";
import { Prisma } from "@prisma/client";
import type { Actor } from "./actor";

/** The part of an Actor the rule reads (plain values, so per-request memoisation can key on them). */
export type Viewer = Pick<Actor, "id" | "role">;

/**
 * Who sees which course (decision note 0017). Built-in courses (shipped in `content/`, `studioId`
 * null) are open to every signed-in user. A course published from the studio is seen by:
 * - students enrolled (not removed) in a class on it that is not archived;
 * - its studio owner and co-authors, and instructors who teach a class on it;
 * - admins.
 * Anyone else gets the same 404 as for a course that does not exist, so slugs cannot be probed.
 * Lives in lib/auth because lib/review (studying) and lib/courses (reading) both need it.
 */
export function visibleCourseWhere(actor: Viewer): Prisma.CourseWhereInput {
  if (actor.role === "admin") return {};
  const inClass: Prisma.CourseWhereInput =
    actor.role === "student"
      ? { classes: { some: { archivedAt: null, enrollments: { some: { userId: actor.id, removedAt: null } } } } }
      : { classes: { some: { instructors: { some: { userId: actor.id } } } } };
  return { OR: [inClass, ...(actor.role === "student" ? [{ studioId: null }] : (classableCourseWhere(actor).OR ?? []))] };
}

/** The same rule as SQL over a `"Course"` row aliased `alias`, for queries written in raw SQL. */
export function visibleCourseSql(actor: Viewer, alias: string): Prisma.Sql {
  if (actor.role === "admin") return Prisma.sql`TRUE`;
  const course = Prisma.raw(`"${alias.replaceAll('"', "")}"`);
  if (actor.role === "student") {
    return Prisma.sql`(${course}."studioId" IS NULL OR EXISTS (
      SELECT 1 FROM "Class" vk JOIN "Enrollment" ve ON ve."classId" = vk.id
      WHERE vk."courseId" = ${course}.id AND vk."archivedAt" IS NULL AND ve."userId" = ${actor.id} AND ve."removedAt" IS NULL))`;
  }
  return Prisma.sql`(${course}."studioId" IS NULL
    OR EXISTS (SELECT 1 FROM "StudioCourse" vs WHERE vs.id = ${course}."studioId" AND vs."ownerId" = ${actor.id})
    OR EXISTS (SELECT 1 FROM "StudioCourseAuthor" va WHERE va."studioCourseId" = ${course}."studioId" AND va."userId" = ${actor.id})
    OR EXISTS (SELECT 1 FROM "Class" vk JOIN "ClassInstructor" vi ON vi."classId" = vk.id
               WHERE vk."courseId" = ${course}.id AND vi."userId" = ${actor.id}))`;
}

/**
 * Courses the actor may make a class on: built-in ones, and studio courses they own or co-author
 * (any course for an admin). Teaching a class on someone's studio course does not let an instructor
 * open more classes on it.
 */
export function classableCourseWhere(actor: Viewer): Prisma.CourseWhereInput {
  if (actor.role === "admin") return {};
  return {
    OR: [
      { studioId: null },
      { studio: { is: { OR: [{ ownerId: actor.id }, { authors: { some: { userId: actor.id } } }] } } },
    ],
  };
}
