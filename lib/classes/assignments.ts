import "server-only";
import { db } from "@/lib/db/client";
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";
import { parseInput } from "@/lib/validation";
import { classForInstructor, isValidId } from "./access";
import { assignmentCardCounts } from "./progress";
import { createAssignmentSchema, dateTimeInputSchema, updateAssignmentSchema, TITLE_MAX, type CreateAssignmentInput } from "./schemas";
import { parseLocalDateTime, utcToZonedLocal, zonedLocalToUtc } from "./time";

export type AssignmentDto = {
  id: string;
  classId: string;
  title: string;
  unitKey: string | null;
  lessonKeys: string[];
  lessons: { key: string; title: string }[];
  /** UTC instants. */
  opensAt: string;
  dueAt: string;
  /** The same instants as the class's wall clock shows them, `YYYY-MM-DDTHH:mm`, with the zone. */
  opensAtLocal: string;
  dueAtLocal: string;
  timeZone: string;
  goal: "learn" | "recall";
  /** Cards (not archived) in the assigned lessons. */
  cardCount: number;
  archived: boolean;
};

/** A form or API date-time: a wall-clock time is read in the class's zone; an ISO instant is taken as is. */
export function resolveDateTime(value: string, timeZone: string): Date {
  return parseLocalDateTime(value) ? zonedLocalToUtc(value, timeZone) : new Date(value);
}

const assignmentSelect = {
  id: true,
  classId: true,
  title: true,
  opensAt: true,
  dueAt: true,
  goal: true,
  archivedAt: true,
  unit: { select: { key: true } },
  lessons: { select: { lesson: { select: { key: true, title: true, position: true, unit: { select: { position: true } } } } } },
} as const;

type AssignmentRow = {
  id: string;
  classId: string;
  title: string;
  opensAt: Date;
  dueAt: Date;
  goal: "learn" | "recall";
  archivedAt: Date | null;
  unit: { key: string } | null;
  lessons: { lesson: { key: string; title: string; position: number; unit: { position: number } } }[];
};

function toDto(row: AssignmentRow, timeZone: string, cardCount: number): AssignmentDto {
  const lessons = row.lessons
    .map(({ lesson }) => lesson)
    .sort((a, b) => a.unit.position - b.unit.position || a.position - b.position)
    .map(({ key, title }) => ({ key, title }));
  return {
    id: row.id,
    classId: row.classId,
    title: row.title,
    unitKey: row.unit?.key ?? null,
    lessonKeys: lessons.map((lesson) => lesson.key),
    lessons,
    opensAt: row.opensAt.toISOString(),
    dueAt: row.dueAt.toISOString(),
    opensAtLocal: utcToZonedLocal(row.opensAt, timeZone),
    dueAtLocal: utcToZonedLocal(row.dueAt, timeZone),
    timeZone,
    goal: row.goal,
    cardCount,
    archived: row.archivedAt !== null,
  };
}

function cardCounts(assignmentIds: string[]): Promise<Map<string, number>> {
  return assignmentCardCounts(db(), assignmentIds);
}

function clip(title: string): string {
  return title.length <= TITLE_MAX ? title : `${title.slice(0, TITLE_MAX - 1)}…`;
}

/**
 * Assigns lessons, or a whole unit (its lessons at this moment), of the class's course. Times
 * without an offset are the class's wall clock; opening defaults to now.
 */
/**
 * Whether the due time comes after the opening time (now when none is given), when both can be read:
 * checked next to every other problem, so a form shows all of them at once.
 */
function scheduleProblems(rawInput: unknown, timeZone: string, now: Date): FieldErrors {
  const raw = (typeof rawInput === "object" && rawInput !== null ? rawInput : {}) as { opensAt?: unknown; dueAt?: unknown };
  const read = (value: unknown) =>
    typeof value === "string" && dateTimeInputSchema.safeParse(value).success ? resolveDateTime(value.trim(), timeZone) : null;
  const opensAt = raw.opensAt === undefined ? now : read(raw.opensAt);
  const dueAt = read(raw.dueAt);
  return opensAt && dueAt && dueAt.getTime() <= opensAt.getTime() ? { dueAt: ["must be after the opening time"] } : {};
}

function withProblems(fields: FieldErrors, more: FieldErrors): FieldErrors {
  const merged: FieldErrors = { ...fields };
  for (const [field, problems] of Object.entries(more)) merged[field] = [...(merged[field] ?? []), ...problems];
  return merged;
}

export async function createAssignment(actor: Actor, classId: string, rawInput: unknown, now: Date): Promise<AssignmentDto> {
  let input: CreateAssignmentInput;
  try {
    input = parseInput(createAssignmentSchema, rawInput);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const { cls } = await classForInstructor(db(), actor, classId);
    throw new ValidationError(withProblems(error.fields, scheduleProblems(rawInput, cls.timeZone, now)));
  }
  const { cls } = await classForInstructor(db(), actor, classId);
  if (cls.archivedAt) throw new ConflictError("This class is archived; restore it before assigning work.");

  let problems: FieldErrors = {};
  let lessons: { id: string; key: string; title: string }[] = [];
  let unit: { id: string; title: string } | null = null;
  if (input.unitKey !== undefined) {
    const found = await db().unit.findUnique({
      where: { courseId_key: { courseId: cls.courseId, key: input.unitKey } },
      select: {
        id: true,
        title: true,
        archived: true,
        lessons: { where: { archived: false }, select: { id: true, key: true, title: true }, orderBy: { position: "asc" } },
      },
    });
    if (!found || found.archived) problems = { unitKey: ["is not a unit of this class's course"] };
    else if (found.lessons.length === 0) problems = { unitKey: ["has no lessons to assign"] };
    else {
      unit = { id: found.id, title: found.title };
      lessons = found.lessons;
    }
  } else {
    const keys = [...new Set(input.lessonKeys ?? [])];
    const found = await db().lesson.findMany({
      where: { courseId: cls.courseId, key: { in: keys }, archived: false },
      select: { id: true, key: true, title: true },
      orderBy: [{ unit: { position: "asc" } }, { position: "asc" }],
    });
    const missing = keys.filter((key) => !found.some((lesson) => lesson.key === key));
    if (missing.length) problems = { lessonKeys: [`are not lessons of this class's course: ${missing.slice(0, 5).join(", ")}`] };
    lessons = found;
  }
  problems = withProblems(problems, scheduleProblems(rawInput, cls.timeZone, now));
  if (Object.keys(problems).length) throw new ValidationError(problems);

  const opensAt = input.opensAt ? resolveDateTime(input.opensAt, cls.timeZone) : now;
  const dueAt = resolveDateTime(input.dueAt, cls.timeZone);
  const title = input.title ?? clip(unit ? unit.title : lessons.map((lesson) => lesson.title).join(", "));

  const created = await db().assignment.create({
    data: {
      classId,
      title,
      unitId: unit?.id ?? null,
      opensAt,
      dueAt,
      goal: input.goal,
      createdById: actor.id,
      lessons: { createMany: { data: lessons.map((lesson) => ({ lessonId: lesson.id })) } },
    },
    select: assignmentSelect,
  });
  const counts = await cardCounts([created.id]);
  return toDto(created, cls.timeZone, counts.get(created.id) ?? 0);
}

/** The class's assignments by due date; archived ones only when asked for. */
export async function listAssignments(actor: Actor, classId: string, options: { includeArchived?: boolean } = {}): Promise<AssignmentDto[]> {
  const { cls } = await classForInstructor(db(), actor, classId);
  const rows = await db().assignment.findMany({
    where: { classId, ...(options.includeArchived ? {} : { archivedAt: null }) },
    select: assignmentSelect,
    orderBy: [{ dueAt: "asc" }, { createdAt: "asc" }],
  });
  const counts = await cardCounts(rows.map((row) => row.id));
  return rows.map((row) => toDto(row, cls.timeZone, counts.get(row.id) ?? 0));
}

/** Title, times, goal; archiving hides it from students and dashboards (progress is computed, so nothing is lost). */
export async function updateAssignment(
  actor: Actor,
  classId: string,
  assignmentId: string,
  rawInput: unknown,
  now: Date,
): Promise<AssignmentDto> {
  const input = parseInput(updateAssignmentSchema, rawInput);
  const { cls } = await classForInstructor(db(), actor, classId);
  if (!isValidId(assignmentId)) throw new NotFoundError("No such assignment.");
  const current = await db().assignment.findFirst({ where: { id: assignmentId, classId }, select: { opensAt: true, dueAt: true } });
  if (!current) throw new NotFoundError("No such assignment.");
  const opensAt = input.opensAt ? resolveDateTime(input.opensAt, cls.timeZone) : current.opensAt;
  const dueAt = input.dueAt ? resolveDateTime(input.dueAt, cls.timeZone) : current.dueAt;
  if (dueAt.getTime() <= opensAt.getTime()) throw new ValidationError({ dueAt: ["must be after the opening time"] });
  const updated = await db().assignment.update({
    where: { id: assignmentId },
    data: {
      title: input.title,
      opensAt,
      dueAt,
      goal: input.goal,
      ...(input.archived === undefined ? {} : { archivedAt: input.archived ? now : null }),
    },
    select: assignmentSelect,
  });
  const counts = await cardCounts([updated.id]);
  return toDto(updated, cls.timeZone, counts.get(updated.id) ?? 0);
}

/** The class's course outline (units and lessons with card counts), for the assignment form. */
export async function courseOutline(actor: Actor, classId: string) {
  const { cls } = await classForInstructor(db(), actor, classId);
  const units = await db().unit.findMany({
    where: { courseId: cls.courseId, archived: false },
    orderBy: { position: "asc" },
    select: {
      key: true,
      title: true,
      lessons: {
        where: { archived: false },
        orderBy: { position: "asc" },
        select: { key: true, title: true, _count: { select: { cards: { where: { archived: false } } } } },
      },
    },
  });
  return units.map((unit) => ({
    key: unit.key,
    title: unit.title,
    lessons: unit.lessons.map((lesson) => ({ key: lesson.key, title: lesson.title, cards: lesson._count.cards })),
  }));
}
