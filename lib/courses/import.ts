import "server-only";
import type { CardState, Prisma } from "@prisma/client";
import type { CourseBundle } from "@/lib/content/bundle";
import { db, type Tx } from "@/lib/db/client";
import { ConflictError } from "@/lib/errors";
import { resetLockedState } from "@/lib/review/reset";

export type ImportReport = {
  slug: string;
  status: "created" | "updated" | "unchanged";
  units: { added: number; archived: number };
  lessons: { added: number; archived: number };
  cards: { added: number; reworded: number; reset: number; archived: number; restored: number; unchanged: number };
  studentStatesReset: number;
};

/**
 * Brings the database in line with a compiled course, in one transaction keyed by the content's
 * stable ids: importing the same bundle twice changes nothing; a reworded card keeps every student's
 * state unless it declares `resetOnChange`; a card gone from the source is archived, never deleted, so
 * its review history stays. An operator action (command line or start script), not a user request.
 */
export async function importCourse(bundle: CourseBundle, now: Date): Promise<ImportReport> {
  return db().$transaction(
    async (tx) => {
      const { courseId, ...report } = await importCourseInTransaction(tx, bundle, now);
      void courseId;
      return report;
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

/**
 * The same import inside the caller's transaction (publishing from the studio records its version in
 * the same transaction). `origin.studioId` names the studio course that publishes it; a built-in
 * course and a studio course can never overwrite each other's slug.
 */
export async function importCourseInTransaction(
  tx: Tx,
  bundle: CourseBundle,
  now: Date,
  origin: { studioId?: string } = {},
): Promise<ImportReport & { courseId: string }> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`course-import:${bundle.slug}`}))`;
  const report: ImportReport = {
    slug: bundle.slug,
    status: "updated",
    units: { added: 0, archived: 0 },
    lessons: { added: 0, archived: 0 },
    cards: { added: 0, reworded: 0, reset: 0, archived: 0, restored: 0, unchanged: 0 },
    studentStatesReset: 0,
  };
  const existing = await tx.course.findUnique({ where: { slug: bundle.slug }, select: { id: true, contentHash: true, studioId: true } });
  if (existing && existing.studioId !== (origin.studioId ?? null)) {
    throw new ConflictError(
      existing.studioId
        ? `The slug "${bundle.slug}" belongs to a course made in the studio; rename the course folder.`
        : `The slug "${bundle.slug}" belongs to a built-in course.`,
    );
  }
  if (existing?.contentHash === bundle.contentHash) return { ...report, status: "unchanged", courseId: existing.id };

  const courseFields = {
    title: bundle.title,
    summary: bundle.summary,
    audience: bundle.audience,
    contentNote: bundle.contentNote,
    supportResources: bundle.supportResources as unknown as Prisma.InputJsonValue,
    bundle: bundle as unknown as Prisma.InputJsonValue,
    contentHash: bundle.contentHash,
    importedAt: now,
  };
  const course = existing
    ? await tx.course.update({ where: { id: existing.id }, data: courseFields, select: { id: true } })
    : await tx.course.create({ data: { slug: bundle.slug, studioId: origin.studioId ?? null, ...courseFields }, select: { id: true } });
  report.status = existing ? "updated" : "created";

  const unitIds = await syncUnits(tx, course.id, bundle, report);
  const lessonIds = await syncLessons(tx, course.id, bundle, unitIds, report);
  await syncCards(tx, course.id, bundle, lessonIds, report, now);
  return { ...report, courseId: course.id };
}

async function syncUnits(tx: Tx, courseId: string, bundle: CourseBundle, report: ImportReport) {
  const existing = new Map((await tx.unit.findMany({ where: { courseId } })).map((unit) => [unit.key, unit]));
  const ids = new Map<string, string>();
  for (const unit of bundle.units) {
    const data = { position: unit.position, title: unit.title, summary: unit.summary, archived: false };
    const row = existing.get(unit.key)
      ? await tx.unit.update({ where: { id: existing.get(unit.key)!.id }, data })
      : await tx.unit.create({ data: { courseId, key: unit.key, ...data } });
    if (!existing.has(unit.key)) report.units.added += 1;
    ids.set(unit.key, row.id);
  }
  const gone = [...existing.values()].filter((unit) => !ids.has(unit.key) && !unit.archived);
  if (gone.length) await tx.unit.updateMany({ where: { id: { in: gone.map((unit) => unit.id) } }, data: { archived: true } });
  report.units.archived = gone.length;
  return ids;
}

async function syncLessons(tx: Tx, courseId: string, bundle: CourseBundle, unitIds: Map<string, string>, report: ImportReport) {
  const existing = new Map((await tx.lesson.findMany({ where: { courseId } })).map((lesson) => [lesson.key, lesson]));
  const ids = new Map<string, string>();
  for (const unit of bundle.units) {
    for (const lesson of unit.lessons) {
      const data = {
        unitId: unitIds.get(unit.key)!,
        position: lesson.position,
        title: lesson.title,
        objectives: lesson.objectives,
        passages: lesson.passages,
        archived: false,
      };
      const current = existing.get(lesson.key);
      const row = current
        ? await tx.lesson.update({ where: { id: current.id }, data })
        : await tx.lesson.create({ data: { courseId, key: lesson.key, ...data } });
      if (!current) report.lessons.added += 1;
      ids.set(lesson.key, row.id);
    }
  }
  const gone = [...existing.values()].filter((lesson) => !ids.has(lesson.key) && !lesson.archived);
  if (gone.length) await tx.lesson.updateMany({ where: { id: { in: gone.map((lesson) => lesson.id) } }, data: { archived: true } });
  report.lessons.archived = gone.length;
  return ids;
}

async function syncCards(
  tx: Tx,
  courseId: string,
  bundle: CourseBundle,
  lessonIds: Map<string, string>,
  report: ImportReport,
  now: Date,
) {
  const existing = new Map((await tx.card.findMany({ where: { courseId } })).map((card) => [card.key, card]));
  const seen = new Set<string>();
  const fresh: Prisma.CardCreateManyInput[] = [];
  for (const card of bundle.cards) {
    seen.add(card.key);
    const data = {
      lessonId: lessonIds.get(card.lessonKey)!,
      noteKey: card.noteKey,
      kind: card.kind,
      prompt: card.prompt,
      answer: card.answer,
      explanation: card.explanation,
      sourceAnchor: card.source.anchor,
      sourceQuote: card.source.quote,
      sources: (card.sources ?? [card.source]) as unknown as Prisma.InputJsonValue,
      tags: card.tags,
      contentHash: card.contentHash,
      position: card.position,
      archived: false,
    };
    const current = existing.get(card.key);
    if (!current) {
      fresh.push({ courseId, key: card.key, ...data });
      continue;
    }
    const reworded = current.contentHash !== card.contentHash;
    const moved =
      current.position !== card.position || current.lessonId !== data.lessonId || current.noteKey !== data.noteKey || current.archived;
    if (!reworded && !moved && current.tags.join("\u0000") === card.tags.join("\u0000")) {
      report.cards.unchanged += 1;
      continue;
    }
    if (current.archived) report.cards.restored += 1;
    await tx.card.update({ where: { id: current.id }, data });
    if (reworded && card.resetOnChange) {
      report.cards.reset += 1;
      report.studentStatesReset += await resetStudentStates(tx, current.id, card.contentHash, now);
    } else if (reworded) {
      report.cards.reworded += 1;
    }
  }
  if (fresh.length) await tx.card.createMany({ data: fresh });
  report.cards.added = fresh.length;
  const gone = [...existing.values()].filter((card) => !seen.has(card.key) && !card.archived);
  if (gone.length) await tx.card.updateMany({ where: { id: { in: gone.map((card) => card.id) } }, data: { archived: true } });
  report.cards.archived = gone.length;
}

/** A card whose meaning changed starts over for every student who studied it. */
async function resetStudentStates(tx: Tx, cardId: string, contentHash: string, now: Date): Promise<number> {
  const rows = await tx.$queryRaw<CardState[]>`
    SELECT * FROM "CardState" WHERE "cardId" = ${cardId} AND NOT ("state" = 'new' AND "reps" = 0) FOR UPDATE`;
  for (const row of rows) await resetLockedState(tx, row, `content-reset:${cardId}:${contentHash}`, now);
  return rows.length;
}
