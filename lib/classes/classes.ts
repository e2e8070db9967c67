import "server-only";
import type { InstructorDto, JoinOutcome } from "@/lib/contracts";
import { consumeThrottles, releaseThrottle } from "@/lib/auth/throttle";
import { db, type Tx } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/raw";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { classableCourseWhere } from "@/lib/auth/course-access";
import type { Actor } from "@/lib/auth/actor";
import { parseInput } from "@/lib/validation";
import { assertDatabaseTimeZone } from "@/lib/db/time-zones";
import { assertInstructorRole, classForInstructor, classSelect, isValidId, type ClassRow, type TeachingRole } from "./access";
import { formatJoinCode, generateJoinCode, joinPath, normalizeJoinCode } from "./join-code";
import { createClassSchema, inviteInstructorSchema, joinClassSchema, updateClassSchema } from "./schemas";

export type ClassDto = {
  id: string;
  name: string;
  term: string;
  timeZone: string;
  course: { slug: string; title: string };
  /** Stored form, e.g. `7KQ4M2XD9P`. */
  joinCode: string;
  /** Shown form, e.g. `7KQ4-M2XD-9P`. */
  joinCodeDisplay: string;
  joinPath: string;
  joinEnabled: boolean;
  /** The exam day (`2026-05-14`, in the class's zone) or null. */
  examDate: string | null;
  archived: boolean;
  archivedAt: string | null;
  createdAt: string;
  /** How the actor relates to the class. */
  as: TeachingRole;
};

export type ClassListEntry = ClassDto & { students: number; assignments: number };

export type RosterEntry = { userId: string; name: string; email: string; joinedAt: string; removedAt: string | null };

/** Joins allowed per user and per client IP; successful joins give their slot back, so only failures count. */
export const JOIN_LIMITS = {
  perUser: { bucket: "class-join:user", limit: 10, windowSeconds: 60 * 60 },
  perIp: { bucket: "class-join:ip", limit: 30, windowSeconds: 60 * 60 },
} as const;

export function toClassDto(cls: ClassRow, as: TeachingRole): ClassDto {
  return {
    id: cls.id,
    name: cls.name,
    term: cls.term,
    timeZone: cls.timeZone,
    course: { slug: cls.course.slug, title: cls.course.title },
    joinCode: cls.joinCode,
    joinCodeDisplay: formatJoinCode(cls.joinCode),
    joinPath: joinPath(cls.joinCode),
    joinEnabled: cls.joinEnabled,
    examDate: cls.examDate ? cls.examDate.toISOString().slice(0, 10) : null,
    archived: cls.archivedAt !== null,
    archivedAt: cls.archivedAt?.toISOString() ?? null,
    createdAt: cls.createdAt.toISOString(),
    as,
  };
}

/** Runs `write` with a fresh join code, retrying on the (astronomically rare) collision. */
async function withFreshCode<T>(write: (code: string) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await write(generateJoinCode());
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 4) throw error;
    }
  }
}

/** Instructors and admins: a new class on an imported course; the creator becomes its owner. */
export async function createClass(actor: Actor, rawInput: unknown): Promise<ClassDto> {
  assertInstructorRole(actor);
  const input = parseInput(createClassSchema, rawInput);
  await assertDatabaseTimeZone(input.timeZone);
  const course = await db().course.findFirst({ where: { slug: input.courseSlug, ...classableCourseWhere(actor) }, select: { id: true } });
  if (!course) throw new ValidationError({ courseSlug: ["is not a course you can teach on this site"] });
  const cls = await withFreshCode((joinCode) =>
    db().$transaction(async (tx) => {
      const created = await tx.class.create({
        data: { name: input.name, term: input.term, timeZone: input.timeZone, courseId: course.id, joinCode, createdById: actor.id },
        select: { id: true },
      });
      await tx.classInstructor.create({ data: { classId: created.id, userId: actor.id, role: "owner" } });
      return tx.class.findUniqueOrThrow({ where: { id: created.id }, select: classSelect });
    }),
  );
  return toClassDto(cls, "owner");
}

/** The classes the actor teaches (an admin: every class), newest first, with head counts. */
export async function listTeachingClasses(actor: Actor): Promise<ClassListEntry[]> {
  assertInstructorRole(actor);
  const rows = await db().class.findMany({
    where: actor.role === "admin" ? {} : { instructors: { some: { userId: actor.id } } },
    select: {
      ...classSelect,
      instructors: { where: { userId: actor.id }, select: { role: true } },
      _count: { select: { enrollments: { where: { removedAt: null } }, assignments: { where: { archivedAt: null } } } },
    },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
  });
  return rows.map((row) => ({
    ...toClassDto(row, row.instructors[0]?.role ?? "admin"),
    students: row._count.enrollments,
    assignments: row._count.assignments,
  }));
}

export async function getTeachingClass(actor: Actor, classId: string): Promise<ClassDto & { instructors: InstructorDto[] }> {
  const { cls, as } = await classForInstructor(db(), actor, classId);
  const instructors = await db().classInstructor.findMany({
    where: { classId },
    select: { role: true, user: { select: { id: true, name: true, email: true } } },
    orderBy: [{ role: "asc" }, { createdAt: "asc" }],
  });
  return {
    ...toClassDto(cls, as),
    instructors: instructors.map((row) => ({ userId: row.user.id, name: row.user.name, email: row.user.email, role: row.role })),
  };
}

/** Name, term, time zone, joining on/off; archiving and restoring are for the owner (or an admin). */
export async function updateClass(actor: Actor, classId: string, rawInput: unknown, now: Date): Promise<ClassDto> {
  const input = parseInput(updateClassSchema, rawInput);
  await assertDatabaseTimeZone(input.timeZone);
  const { as } = await classForInstructor(db(), actor, classId, input.archived === undefined ? "teach" : "own");
  const cls = await db().class.update({
    where: { id: classId },
    data: {
      name: input.name,
      term: input.term,
      timeZone: input.timeZone,
      joinEnabled: input.joinEnabled,
      ...(input.examDate === undefined ? {} : { examDate: input.examDate === null ? null : new Date(`${input.examDate}T00:00:00Z`) }),
      ...(input.archived === undefined ? {} : { archivedAt: input.archived ? now : null }),
    },
    select: classSelect,
  });
  return toClassDto(cls, as);
}

/** A new join code; the old code and link stop working at once. */
export async function rotateJoinCode(actor: Actor, classId: string): Promise<ClassDto> {
  const { as } = await classForInstructor(db(), actor, classId);
  const cls = await withFreshCode((joinCode) => db().class.update({ where: { id: classId }, data: { joinCode }, select: classSelect }));
  return toClassDto(cls, as);
}

/** Current students first (by name), then removed or departed ones. Emails are shown to the class's instructors only. */
export async function listRoster(actor: Actor, classId: string): Promise<RosterEntry[]> {
  await classForInstructor(db(), actor, classId);
  const rows = await db().enrollment.findMany({
    where: { classId },
    select: { joinedAt: true, removedAt: true, user: { select: { id: true, name: true, email: true } } },
  });
  return rows
    .map((row) => ({
      userId: row.user.id,
      name: row.user.name,
      email: row.user.email,
      joinedAt: row.joinedAt.toISOString(),
      removedAt: row.removedAt?.toISOString() ?? null,
    }))
    .sort((a, b) => Number(a.removedAt !== null) - Number(b.removedAt !== null) || a.name.localeCompare(b.name) || a.email.localeCompare(b.email));
}

/**
 * Takes a student off the class: their enrollment gets `removedAt` and they vanish from the
 * dashboards and the gradebook. Their reviews and card states are untouched. They could rejoin with
 * the current code, so the instructor can rotate it at the same time.
 */
export async function removeStudent(actor: Actor, classId: string, userId: string, now: Date, options: { rotateCode?: boolean } = {}) {
  await classForInstructor(db(), actor, classId);
  if (!isValidId(userId)) throw new NotFoundError("This student is not in the class.");
  const updated = await db().enrollment.updateMany({ where: { classId, userId, removedAt: null }, data: { removedAt: now } });
  if (updated.count === 0) throw new NotFoundError("This student is not in the class.");
  if (options.rotateCode) await rotateJoinCode(actor, classId);
  return { removed: true };
}

/** Adds an existing instructor account, found by email, as a co-instructor. */
export async function addCoInstructor(actor: Actor, classId: string, rawInput: unknown): Promise<InstructorDto> {
  const { email } = parseInput(inviteInstructorSchema, rawInput);
  await classForInstructor(db(), actor, classId);
  const user = await db().user.findUnique({ where: { email }, select: { id: true, name: true, email: true, role: true } });
  if (!user || (user.role !== "instructor" && user.role !== "admin")) {
    throw new ValidationError({ email: ["does not belong to an instructor account"] });
  }
  const row = await db().classInstructor.upsert({
    where: { classId_userId: { classId, userId: user.id } },
    create: { classId, userId: user.id, role: "co_instructor" },
    update: {},
    select: { role: true },
  });
  return { userId: user.id, name: user.name, email: user.email, role: row.role };
}

/** Owner (or admin) only; the owner cannot be removed. */
export async function removeCoInstructor(actor: Actor, classId: string, userId: string): Promise<void> {
  await classForInstructor(db(), actor, classId, "own");
  if (!isValidId(userId)) throw new NotFoundError("No such co-instructor.");
  const deleted = await db().classInstructor.deleteMany({ where: { classId, userId, role: "co_instructor" } });
  if (deleted.count === 0) throw new NotFoundError("No such co-instructor.");
}

/**
 * A student joins with a code (or the code in a join link). Every attempt first takes a slot under
 * the per-user and per-IP limits; a successful join gives it back, so only wrong codes use them up.
 * A code that matches no class, or a class that is archived or closed to joining, answers the same
 * 404, so codes cannot be told apart by probing. A student who left (or was removed) and has the
 * current code can rejoin.
 */
export async function joinClass(actor: Actor, rawInput: unknown, clientIp: string, now: Date): Promise<JoinOutcome> {
  if (actor.role !== "student") throw new ForbiddenError("Only student accounts can join a class.");
  const { code: raw } = parseInput(joinClassSchema, rawInput);
  const code = normalizeJoinCode(raw);
  const ticket = await consumeThrottles([
    { ...JOIN_LIMITS.perUser, key: actor.id },
    { ...JOIN_LIMITS.perIp, key: clientIp },
  ]);
  if (!code) throw new ValidationError({ code: ["must be 10 letters and digits, like 7KQ4-M2XD-9P"] });
  const outcome = await db().$transaction(async (tx) => {
    const cls = await tx.class.findUnique({
      where: { joinCode: code },
      select: { id: true, name: true, term: true, joinEnabled: true, archivedAt: true, course: { select: { slug: true, title: true } } },
    });
    if (!cls || !cls.joinEnabled || cls.archivedAt) return null;
    const alreadyEnrolled = await enrol(tx, cls.id, actor.id, now);
    return { class: { id: cls.id, name: cls.name, term: cls.term, course: cls.course }, alreadyEnrolled };
  });
  if (!outcome) throw new NotFoundError("No open class has this join code. Check it with your instructor.");
  await releaseThrottle(ticket);
  return outcome;
}

export type JoinPreview = {
  code: string;
  class: { name: string; term: string; course: { title: string }; instructors: string[] };
  alreadyEnrolled: boolean;
};

/**
 * What a join link opens on: the class's name, term, course and instructors, shown to a signed-in
 * student before they join. Throttled exactly as joining is (a valid code gives its attempt back),
 * and a closed, archived or unknown code answers the same 404, so the preview probes no better than
 * a join would.
 */
export async function previewJoinCode(actor: Actor, rawInput: unknown, clientIp: string): Promise<JoinPreview> {
  if (actor.role !== "student") throw new ForbiddenError("Only student accounts can join a class.");
  const { code: raw } = parseInput(joinClassSchema, rawInput);
  const code = normalizeJoinCode(raw);
  const ticket = await consumeThrottles([
    { ...JOIN_LIMITS.perUser, key: actor.id },
    { ...JOIN_LIMITS.perIp, key: clientIp },
  ]);
  if (!code) throw new ValidationError({ code: ["must be 10 letters and digits, like 7KQ4-M2XD-9P"] });
  const cls = await db().class.findUnique({
    where: { joinCode: code },
    select: {
      id: true,
      name: true,
      term: true,
      joinEnabled: true,
      archivedAt: true,
      course: { select: { title: true } },
      instructors: { select: { role: true, user: { select: { name: true } } }, orderBy: { createdAt: "asc" } },
      enrollments: { where: { userId: actor.id, removedAt: null }, select: { id: true } },
    },
  });
  if (!cls || !cls.joinEnabled || cls.archivedAt) throw new NotFoundError("No open class has this join code. Check it with your instructor.");
  await releaseThrottle(ticket);
  // The owner first, then co-instructors in the order they were added.
  const instructors = [...cls.instructors].sort((a, b) => Number(b.role === "owner") - Number(a.role === "owner")).map((entry) => entry.user.name);
  return {
    code,
    class: { name: cls.name, term: cls.term, course: { title: cls.course.title }, instructors },
    alreadyEnrolled: cls.enrollments.length > 0,
  };
}

/** Enrols (or re-enrols) the student; true when they were already an active member. */
async function enrol(tx: Tx, classId: string, userId: string, now: Date): Promise<boolean> {
  const created = await tx.enrollment.createMany({ data: [{ classId, userId, joinedAt: now }], skipDuplicates: true });
  if (created.count === 1) return false;
  const [row] = await tx.$queryRaw<{ removedAt: Date | null }[]>`
    SELECT "removedAt" FROM "Enrollment" WHERE "classId" = ${classId} AND "userId" = ${userId} FOR UPDATE`;
  if (!row) throw new Error("enrollment vanished while locked");
  if (row.removedAt === null) return true;
  await tx.enrollment.update({ where: { classId_userId: { classId, userId } }, data: { removedAt: null, joinedAt: now } });
  return false;
}

/** The student leaves a class: the same as being removed (history stays); they can rejoin with the code. */
export async function leaveClass(actor: Actor, classId: string, now: Date): Promise<{ left: true }> {
  if (!isValidId(classId)) throw new NotFoundError("You are not in this class.");
  const updated = await db().enrollment.updateMany({ where: { classId, userId: actor.id, removedAt: null }, data: { removedAt: now } });
  if (updated.count === 0) throw new NotFoundError("You are not in this class.");
  return { left: true };
}

export type StudentClassDto = { id: string; name: string; term: string; course: { slug: string; title: string }; joinedAt: string };

/** The classes a student is in (not archived, not left). Other students are never listed. */
export async function listStudentClasses(actor: Actor): Promise<StudentClassDto[]> {
  const rows = await db().enrollment.findMany({
    where: { userId: actor.id, removedAt: null, class: { archivedAt: null } },
    select: { joinedAt: true, class: { select: { id: true, name: true, term: true, course: { select: { slug: true, title: true } } } } },
    orderBy: { joinedAt: "asc" },
  });
  return rows.map((row) => ({ ...row.class, joinedAt: row.joinedAt.toISOString() }));
}


/** Courses a class can be made for (built-in ones and the actor's studio courses), for the new-class form. */
export async function listCourseChoices(actor: Actor): Promise<{ slug: string; title: string }[]> {
  assertInstructorRole(actor);
  return db().course.findMany({ where: classableCourseWhere(actor), select: { slug: true, title: true }, orderBy: { title: "asc" } });
}
