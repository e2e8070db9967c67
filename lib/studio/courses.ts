import "server-only";
import { randomBytes } from "node:crypto";
import type { Prisma } from "@prisma/client";
import type { Actor } from "@/lib/auth/actor";
import type { StudioCourseDto } from "@/lib/contracts/studio";
import { importCourseInTransaction } from "@/lib/courses/import";
import { db, type Tx } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/raw";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { z } from "zod";
import {
  cardInputSchema,
  cardPatchSchema,
  courseDetailsSchema,
  createStudioCourseSchema,
  lessonInputSchema,
  lessonPatchSchema,
  type StudioCard,
  type StudioDraft,
  type StudioLesson,
} from "./draft";
import { courseZip } from "./export";
import { compileDraft } from "./folder";
import { ruleBasedGenerator, type DraftGenerator } from "./generator";
import { importSource, SourceImportError } from "./source";

/**
 * The course studio's data access. Who may do what, checked in every function:
 * - instructors and admins may create studio courses (students get 403);
 * - a course's owner and co-authors may read, edit and publish it; an admin may too;
 * - anyone else gets the same 404 as for a course that does not exist.
 * Every edit locks the studio row, so two editors' writes apply one after the other, never half.
 */

export type { StudioCourseDto };

export type StudioCourseListEntry = { slug: string; title: string; status: "draft" | "published"; version: number | null; updatedAt: string };

const studioSelect = {
  id: true,
  slug: true,
  ownerId: true,
  title: true,
  sourceTitle: true,
  sourceText: true,
  draft: true,
  revision: true,
  updatedAt: true,
  authors: { select: { userId: true } },
  versions: { select: { version: true }, orderBy: { version: "desc" }, take: 1 },
} satisfies Prisma.StudioCourseSelect;
type StudioRow = Prisma.StudioCourseGetPayload<{ select: typeof studioSelect }>;

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const DEFAULT_SUPPORT = [
  { name: "Emergencies (U.S.)", detail: "Call 911 if you or someone else is in immediate danger", href: "tel:911" },
  { name: "988 Suicide & Crisis Lifeline (U.S.)", detail: "Call or text 988 (24/7, confidential)", href: "tel:988" },
];

function assertAuthorRole(actor: Actor): void {
  if (actor.role !== "instructor" && actor.role !== "admin") throw new ForbiddenError("Only instructors can use the course studio.");
}

function roleOf(actor: Actor, row: StudioRow): StudioCourseDto["role"] | null {
  if (row.ownerId === actor.id) return "owner";
  if (row.authors.some((author) => author.userId === actor.id)) return "co_author";
  return actor.role === "admin" ? "admin" : null;
}

async function loadForAuthor(client: Tx | ReturnType<typeof db>, actor: Actor, slug: string, lock: boolean) {
  assertAuthorRole(actor);
  if (!SLUG_PATTERN.test(slug) || slug.length > 120) throw new NotFoundError("No such studio course.");
  if (lock) await (client as Tx).$executeRaw`SELECT 1 FROM "StudioCourse" WHERE slug = ${slug} FOR UPDATE`;
  const row = await client.studioCourse.findUnique({ where: { slug }, select: studioSelect });
  const role = row ? roleOf(actor, row) : null;
  if (!row || !role) throw new NotFoundError("No such studio course.");
  return { row, role, draft: row.draft as unknown as StudioDraft };
}

function toDto(row: StudioRow, role: StudioCourseDto["role"], draft: StudioDraft): StudioCourseDto {
  const meta = { slug: row.slug, title: row.title, sourceTitle: row.sourceTitle };
  const published = compileDraft(meta, draft);
  const everything = compileDraft(meta, { ...draft, cards: draft.cards.map((card) => ({ ...card, status: "accepted" })) });
  const version = row.versions[0]?.version ?? null;
  return {
    slug: row.slug,
    status: version === null ? "draft" : "published",
    title: row.title,
    sourceTitle: row.sourceTitle,
    version,
    role,
    summary: draft.summary,
    audience: draft.audience,
    contentNote: draft.contentNote,
    citation: draft.citation,
    paragraphs: draft.paragraphs,
    lessons: draft.lessons,
    cards: draft.cards,
    errors: published.errors,
    warnings: everything.warnings.concat(everything.errors.filter((problem) => problem.cardId)),
  };
}

/** A slug from the title, with a short random tail so two instructors' "Week 1" never collide. */
function slugFor(title: string): string {
  const words = title
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9\s-]/g, " ")
    .split(/[\s-]+/)
    .filter(Boolean)
    .slice(0, 6)
    .join("-")
    .slice(0, 60)
    .replace(/-+$/, "");
  return `${words || "course"}-${randomBytes(3).toString("hex")}`;
}

/** Creates a studio course from pasted or uploaded text; the generator's proposals arrive as drafts. */
export async function createStudioCourse(
  actor: Actor,
  rawInput: unknown,
  options: { markdown?: boolean; generator?: DraftGenerator } = {},
): Promise<StudioCourseDto> {
  assertAuthorRole(actor);
  const input = parseInput(createStudioCourseSchema, rawInput);
  let source;
  try {
    source = importSource(input.sourceText, { markdown: options.markdown ?? looksLikeMarkdown(input.sourceText) });
  } catch (error) {
    if (error instanceof SourceImportError) throw new ValidationError({ [error.field]: [error.message] });
    throw error;
  }
  const generated = (options.generator ?? ruleBasedGenerator).generate({ title: input.title, paragraphs: source.paragraphs });
  const draft: StudioDraft = {
    summary: `A course on "${input.sourceTitle}".`,
    audience: "Students of this class.",
    contentNote: `This course is built from "${input.sourceTitle}". You can stop at any time.`,
    citation: input.sourceTitle,
    supportResources: DEFAULT_SUPPORT,
    paragraphs: source.paragraphs,
    lessons: generated.lessons,
    cards: generated.cards,
  };
  for (let attempt = 0; ; attempt += 1) {
    const slug = slugFor(input.title);
    try {
      const row = await db().$transaction(async (tx) => {
        if (await tx.course.findUnique({ where: { slug }, select: { id: true } })) throw new ConflictError("slug taken");
        return tx.studioCourse.create({
          data: {
            slug,
            ownerId: actor.id,
            title: input.title,
            sourceTitle: input.sourceTitle,
            sourceText: source.text,
            draft: draft as unknown as Prisma.InputJsonValue,
          },
          select: studioSelect,
        });
      });
      return toDto(row, "owner", draft);
    } catch (error) {
      if (attempt >= 4 || !(isUniqueViolation(error) || (error instanceof ConflictError && error.message === "slug taken"))) throw error;
    }
  }
}

function looksLikeMarkdown(text: string): boolean {
  return /^#{1,6}\s+\S/m.test(text);
}

export async function getStudioCourse(actor: Actor, slug: string): Promise<StudioCourseDto> {
  const { row, role, draft } = await loadForAuthor(db(), actor, slug, false);
  return toDto(row, role, draft);
}

/** The actor's studio courses (owned or co-authored; an admin: all), newest edit first. */
export async function listStudioCourses(actor: Actor): Promise<StudioCourseListEntry[]> {
  assertAuthorRole(actor);
  const rows = await db().studioCourse.findMany({
    where: actor.role === "admin" ? {} : { OR: [{ ownerId: actor.id }, { authors: { some: { userId: actor.id } } }] },
    select: { slug: true, title: true, updatedAt: true, versions: { select: { version: true }, orderBy: { version: "desc" }, take: 1 } },
    orderBy: { updatedAt: "desc" },
  });
  return rows.map((row) => {
    const version = row.versions[0]?.version ?? null;
    return { slug: row.slug, title: row.title, status: version === null ? "draft" : "published", version, updatedAt: row.updatedAt.toISOString() };
  });
}

/** Runs one edit of the draft under the row lock and stores it whole; returns the new state. */
async function editDraft(
  actor: Actor,
  slug: string,
  edit: (draft: StudioDraft, row: StudioRow) => StudioDraft | void,
  fields: { title?: string } = {},
): Promise<StudioCourseDto> {
  return db().$transaction(async (tx) => {
    const { row, role, draft } = await loadForAuthor(tx, actor, slug, true);
    const next = edit(draft, row) ?? draft;
    const updated = await tx.studioCourse.update({
      where: { id: row.id },
      data: { ...fields, draft: next as unknown as Prisma.InputJsonValue, revision: { increment: 1 } },
      select: studioSelect,
    });
    return toDto(updated, role, next);
  });
}

export async function updateCourseDetails(actor: Actor, slug: string, rawInput: unknown): Promise<StudioCourseDto> {
  const input = parseInput(courseDetailsSchema, rawInput);
  return editDraft(
    actor,
    slug,
    (draft) => ({
      ...draft,
      summary: input.summary ?? draft.summary,
      audience: input.audience ?? draft.audience,
      contentNote: input.contentNote ?? draft.contentNote,
      citation: input.citation ?? draft.citation,
    }),
    input.title === undefined ? {} : { title: input.title },
  );
}

function assertAnchors(draft: StudioDraft, anchors: string[], field: string): void {
  const prose = new Set(draft.paragraphs.filter((paragraph) => paragraph.kind === "prose").map((paragraph) => paragraph.anchor));
  const unknown = anchors.filter((anchor) => !prose.has(anchor));
  if (unknown.length) throw new ValidationError({ [field]: [`names no paragraph of the source: ${unknown.join(", ")}`] });
}

function lessonKeyFor(title: string, taken: Set<string>): string {
  const base = `lesson-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "new"}`.replace(/-+$/, "");
  let key = base;
  for (let n = 2; taken.has(key); n += 1) key = `${base}-${n}`;
  return key;
}

export async function addLesson(actor: Actor, slug: string, rawInput: unknown): Promise<StudioCourseDto> {
  const input = parseInput(lessonInputSchema, rawInput);
  return editDraft(actor, slug, (draft) => {
    assertAnchors(draft, input.passages, "passages");
    const key = lessonKeyFor(input.title, new Set(draft.lessons.map((lesson) => lesson.key)));
    draft.lessons.push({ key, ...input });
  });
}

function findLesson(draft: StudioDraft, key: string): StudioLesson {
  const lesson = draft.lessons.find((candidate) => candidate.key === key);
  if (!lesson) throw new NotFoundError("No such lesson in this course.");
  return lesson;
}

export async function updateLesson(actor: Actor, slug: string, lessonKey: string, rawInput: unknown): Promise<StudioCourseDto> {
  const { position, ...input } = parseInput(lessonPatchSchema, rawInput);
  return editDraft(actor, slug, (draft) => {
    const lesson = findLesson(draft, lessonKey);
    if (input.passages) assertAnchors(draft, input.passages, "passages");
    Object.assign(lesson, Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)));
    if (position !== undefined) moveTo(draft.lessons, lesson, position);
  });
}

/** Deleting a lesson that still has cards is refused: move or delete its cards first. */
export async function deleteLesson(actor: Actor, slug: string, lessonKey: string): Promise<StudioCourseDto> {
  return editDraft(actor, slug, (draft) => {
    const lesson = findLesson(draft, lessonKey);
    const cards = draft.cards.filter((card) => card.lessonKey === lessonKey).length;
    if (cards > 0) throw new ConflictError(`The lesson has ${cards} card${cards === 1 ? "" : "s"}; move or delete them first.`);
    draft.lessons.splice(draft.lessons.indexOf(lesson), 1);
  });
}

function assertCard(draft: StudioDraft, card: Pick<StudioCard, "lessonKey" | "source" | "kind" | "answer">): void {
  findLessonForField(draft, card.lessonKey);
  assertAnchors(draft, [card.source.anchor], "source.anchor");
  if (card.kind === "basic" && card.answer.trim() === "") throw new ValidationError({ answer: ["is required for a question-and-answer card"] });
}

function findLessonForField(draft: StudioDraft, key: string): void {
  if (!draft.lessons.some((lesson) => lesson.key === key)) throw new ValidationError({ lessonKey: ["names no lesson of this course"] });
}

function cardIdFor(prompt: string, taken: Set<string>): string {
  const base = prompt.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").split("-").filter((word) => word.length > 2).slice(0, 4).join("-") || "card";
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}-${n}`;
  return id;
}

/** A card the author makes, e.g. from a selection in the source (the selection is its quote). */
export async function addCard(actor: Actor, slug: string, rawInput: unknown): Promise<StudioCourseDto> {
  const input = parseInput(cardInputSchema, rawInput);
  return editDraft(actor, slug, (draft) => {
    assertCard(draft, input);
    const id = cardIdFor(input.prompt, new Set(draft.cards.map((card) => card.id)));
    draft.cards.push({ id, ...input, answer: input.kind === "cloze" ? "" : input.answer, reason: "", resetOnChange: false });
  });
}

function findCard(draft: StudioDraft, id: string): StudioCard {
  const card = draft.cards.find((candidate) => candidate.id === id);
  if (!card) throw new NotFoundError("No such card in this course.");
  return card;
}

/** Edits, accepts (`status: "accepted"`) or reorders a card. Its id never changes: students' progress is keyed by it. */
export async function updateCard(actor: Actor, slug: string, cardId: string, rawInput: unknown): Promise<StudioCourseDto> {
  const { position, ...input } = parseInput(cardPatchSchema, rawInput);
  return editDraft(actor, slug, (draft) => {
    const card = findCard(draft, cardId);
    const next = { ...card, ...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) } as StudioCard;
    assertCard(draft, next);
    Object.assign(card, next);
    if (position !== undefined) moveTo(draft.cards, card, position);
  });
}

export async function deleteCard(actor: Actor, slug: string, cardId: string): Promise<StudioCourseDto> {
  return editDraft(actor, slug, (draft) => {
    draft.cards.splice(draft.cards.indexOf(findCard(draft, cardId)), 1);
  });
}

function moveTo<T>(list: T[], item: T, position: number): void {
  list.splice(list.indexOf(item), 1);
  list.splice(Math.min(position - 1, list.length), 0, item);
}

export type PublishOutcome = { slug: string; version: number; cardCount: number };

/**
 * Compiles the accepted cards with lib/content and imports the result with the importer's semantics
 * (stable ids, rewording keeps progress, `resetOnChange` resets, removed cards archived), and records the
 * version, all in one transaction. A compile failure is a 400 naming each problem by card and field.
 */
export async function publishStudioCourse(actor: Actor, slug: string, now: Date): Promise<PublishOutcome> {
  return db().$transaction(
    async (tx) => {
      const { row, draft } = await loadForAuthor(tx, actor, slug, true);
      const compiled = compileDraft({ slug: row.slug, title: row.title, sourceTitle: row.sourceTitle }, draft);
      if (!compiled.result.ok) {
        const fields: Record<string, string[]> = {};
        for (const problem of compiled.errors) {
          const key = problem.cardId ? `cards.${problem.cardId}.${problem.field}` : problem.lessonKey ? `lessons.${problem.lessonKey}.${problem.field}` : problem.field;
          (fields[key] ??= []).push(`${problem.message} (${problem.code})`);
        }
        throw new ValidationError(fields, `The course does not compile: ${compiled.errors.length} problem${compiled.errors.length === 1 ? "" : "s"}.`);
      }
      const bundle = compiled.result.bundle;
      await importCourseInTransaction(tx, bundle, now, { studioId: row.id });
      const version = (row.versions[0]?.version ?? 0) + 1;
      await tx.studioCourseVersion.create({
        data: {
          studioCourseId: row.id,
          version,
          publishedById: actor.id,
          publishedAt: now,
          files: compiled.files as unknown as Prisma.InputJsonValue,
          contentHash: bundle.contentHash,
          cardCount: bundle.cards.length,
        },
      });
      return { slug: row.slug, version, cardCount: bundle.cards.length };
    },
    { timeout: 60_000, maxWait: 10_000 },
  );
}

export type VersionDto = { version: number; publishedAt: string; publishedBy: string | null; cardCount: number };

export async function listVersions(actor: Actor, slug: string): Promise<VersionDto[]> {
  const { row } = await loadForAuthor(db(), actor, slug, false);
  const versions = await db().studioCourseVersion.findMany({
    where: { studioCourseId: row.id },
    select: { version: true, publishedAt: true, cardCount: true, publishedBy: { select: { name: true } } },
    orderBy: { version: "desc" },
  });
  return versions.map((version) => ({
    version: version.version,
    publishedAt: version.publishedAt.toISOString(),
    publishedBy: version.publishedBy?.name ?? null,
    cardCount: version.cardCount,
  }));
}

export type VersionComparison = {
  version: number;
  previous: number | null;
  files: { path: string; change: "added" | "removed" | "changed" }[];
  cards: { added: string[]; removed: string[]; changed: string[] };
};

/** What version `version` changed against the one before it, by file of the course folder and by card. */
export async function compareVersion(actor: Actor, slug: string, version: number): Promise<VersionComparison> {
  const { row } = await loadForAuthor(db(), actor, slug, false);
  if (!Number.isInteger(version) || version < 1) throw new NotFoundError("No such version.");
  const rows = await db().studioCourseVersion.findMany({
    where: { studioCourseId: row.id, version: { in: [version, version - 1] } },
    select: { version: true, files: true },
  });
  const current = rows.find((candidate) => candidate.version === version);
  if (!current) throw new NotFoundError("No such version.");
  const before = (rows.find((candidate) => candidate.version === version - 1)?.files ?? {}) as Record<string, string>;
  const after = current.files as Record<string, string>;
  const files: VersionComparison["files"] = [];
  for (const path of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    if (!(path in before)) files.push({ path, change: "added" });
    else if (!(path in after)) files.push({ path, change: "removed" });
    else if (before[path] !== after[path]) files.push({ path, change: "changed" });
  }
  const cardsOf = (tree: Record<string, string>) =>
    new Map(Object.entries(tree).flatMap(([path, text]) => (path.startsWith("cards/") ? [[path.replace(/^cards\/\d+-|\.yaml$/g, ""), text] as const] : [])));
  const [old, fresh] = [cardsOf(before), cardsOf(after)];
  return {
    version,
    previous: rows.some((candidate) => candidate.version === version - 1) ? version - 1 : null,
    files,
    cards: {
      added: [...fresh.keys()].filter((id) => !old.has(id)),
      removed: [...old.keys()].filter((id) => !fresh.has(id)),
      changed: [...fresh.keys()].filter((id) => old.has(id) && old.get(id) !== fresh.get(id)),
    },
  };
}

const addAuthorSchema = z.strictObject({ email: z.string().trim().toLowerCase().email({ error: "is not an email address" }).max(254) });

/** The owner (or an admin) adds a co-author, who must have an instructor account. */
export async function addCoAuthor(actor: Actor, slug: string, rawInput: unknown): Promise<{ userId: string; name: string; email: string }> {
  const { email } = parseInput(addAuthorSchema, rawInput);
  const { row, role } = await loadForAuthor(db(), actor, slug, false);
  if (role === "co_author") throw new ForbiddenError("Only the course's owner can add co-authors.");
  const user = await db().user.findUnique({ where: { email }, select: { id: true, name: true, email: true, role: true } });
  if (!user || (user.role !== "instructor" && user.role !== "admin")) throw new ValidationError({ email: ["does not belong to an instructor account"] });
  if (user.id !== row.ownerId) {
    await db().studioCourseAuthor.upsert({
      where: { studioCourseId_userId: { studioCourseId: row.id, userId: user.id } },
      create: { studioCourseId: row.id, userId: user.id },
      update: {},
    });
  }
  return { userId: user.id, name: user.name, email: user.email };
}

/** The course folder as a zip (accepted cards only), for git-based authoring. */
export async function exportStudioCourse(actor: Actor, slug: string): Promise<{ fileName: string; bytes: Uint8Array }> {
  const { row, draft } = await loadForAuthor(db(), actor, slug, false);
  return { fileName: `${row.slug}.zip`, bytes: courseZip({ slug: row.slug, title: row.title, sourceTitle: row.sourceTitle }, draft) };
}
