import "server-only";
import type { Prisma } from "@prisma/client";
import type { DbClient } from "@/lib/db/client";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";

/**
 * Who may do what with a class, checked inside every lib/classes function (the route guards are a
 * first line, not the only one):
 *
 * - a student gets 403 on anything an instructor does;
 * - an instructor who does not teach the class gets 404, exactly as for a class that does not
 *   exist, so class ids cannot be probed;
 * - owners and co-instructors may do everything with the class except archive/restore it and
 *   remove co-instructors, which only the owner may do;
 * - an admin may do everything with every class.
 */
export type TeachingRole = "owner" | "co_instructor" | "admin";

export const classSelect = {
  id: true,
  name: true,
  term: true,
  courseId: true,
  timeZone: true,
  joinCode: true,
  joinEnabled: true,
  examDate: true,
  archivedAt: true,
  createdAt: true,
  course: { select: { slug: true, title: true } },
} satisfies Prisma.ClassSelect;

export type ClassRow = Prisma.ClassGetPayload<{ select: typeof classSelect }>;

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function assertInstructorRole(actor: Actor): void {
  if (actor.role !== "instructor" && actor.role !== "admin") throw new ForbiddenError("Only instructors can manage classes.");
}

export async function classForInstructor(
  client: DbClient,
  actor: Actor,
  classId: string,
  need: "teach" | "own" = "teach",
): Promise<{ cls: ClassRow; as: TeachingRole }> {
  assertInstructorRole(actor);
  if (!ID_PATTERN.test(classId)) throw new NotFoundError("No such class.");
  if (actor.role === "admin") {
    const cls = await client.class.findUnique({ where: { id: classId }, select: classSelect });
    if (!cls) throw new NotFoundError("No such class.");
    return { cls, as: "admin" };
  }
  const teaching = await client.classInstructor.findUnique({
    where: { classId_userId: { classId, userId: actor.id } },
    select: { role: true, class: { select: classSelect } },
  });
  if (!teaching) throw new NotFoundError("No such class.");
  if (need === "own" && teaching.role !== "owner") throw new ForbiddenError("Only the class's owner can do this.");
  return { cls: teaching.class, as: teaching.role };
}

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}
