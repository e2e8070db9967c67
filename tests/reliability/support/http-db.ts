/**
 * Direct access to the database of the shared `next start` server (`inject("httpDatabaseUrl")`),
 * for arranging rows the API has no endpoint for (courses, classes) and for checking what the
 * server wrote. Every file shares that database, so everything here is scoped by ids the caller made.
 */
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma, PrismaClient } from "@prisma/client";
import pg from "pg";
import { inject } from "vitest";
import type { CourseBundle } from "@/lib/content/bundle";
import { findReplayMismatches, loadHistories, type ReplayMismatch } from "@/lib/review/history";
import { loadSchedulingContext } from "@/lib/review/scheduling-context";

const clients = new Map<string, PrismaClient>();

/** A Prisma client on `url` (default: the shared HTTP server's database), one per URL and file. */
export function prismaFor(url: string = inject("httpDatabaseUrl")): PrismaClient {
  let client = clients.get(url);
  if (!client) {
    client = new PrismaClient({
      adapter: new PrismaPg({ connectionString: url, max: 4, connectionTimeoutMillis: 3_000 }),
    });
    clients.set(url, client);
  }
  return client;
}

export async function disconnectAll(): Promise<void> {
  await Promise.all([...clients.values()].map((client) => client.$disconnect()));
  clients.clear();
}

/** One pg pool on the HTTP database for raw counts. */
let pool: pg.Pool | undefined;
export function httpPool(): pg.Pool {
  pool ??= new pg.Pool({ connectionString: inject("httpDatabaseUrl"), max: 3 });
  return pool;
}
export async function closeHttpPool(): Promise<void> {
  await pool?.end();
  pool = undefined;
}

/** Thirty inserts in one transaction can outlast Prisma's 5 s default on a busy 2-core CI machine. */
const SLOW_MACHINE_TRANSACTION = { timeout: 60_000, maxWait: 30_000 };

export type TestCourse = {
  id: string;
  slug: string;
  lessonKeys: string[];
  unitKey: string;
  cards: { id: string; key: string }[];
};

export type CourseText = { title?: string; prompt?: (key: string) => string; answer?: (key: string) => string };

/** A small course (1 unit, `lessons` × `cardsPerLesson` basic cards) written straight to the database. */
export async function createCourseIn(
  client: PrismaClient,
  options: { lessons?: number; cardsPerLesson?: number; slug?: string; text?: CourseText } = {},
): Promise<TestCourse> {
  const lessonCount = options.lessons ?? 2;
  const cardsPerLesson = options.cardsPerLesson ?? 5;
  const slug = options.slug ?? `rel-${randomUUID().slice(0, 8)}`;
  const title = options.text?.title ?? `Course ${slug}`;
  const lessonKeys = Array.from({ length: lessonCount }, (_, index) => `lesson-${index + 1}`);
  const cardKeys = lessonKeys.flatMap((lessonKey, lessonIndex) =>
    Array.from({ length: cardsPerLesson }, (_, cardIndex) => ({
      lessonKey,
      key: `l${lessonIndex + 1}-c${cardIndex + 1}`,
    })),
  );
  const prompt = (key: string) => options.text?.prompt?.(key) ?? `Prompt ${key}`;
  const answer = (key: string) => options.text?.answer?.(key) ?? `Answer ${key}`;
  const bundle: CourseBundle = {
    slug,
    title,
    summary: "A reliability test course.",
    audience: "Testers",
    contentNote: "None.",
    supportResources: [],
    source: {
      title: "Source",
      citation: "Test source",
      about: null,
      paragraphs: [{ anchor: "p1", index: 0, text: "quote", gapBefore: false, gapAfter: false, furniture: false }],
    },
    units: [
      {
        key: "unit-1",
        position: 0,
        title: "Unit 1",
        summary: "",
        lessons: lessonKeys.map((key, position) => ({
          key,
          position,
          title: `Lesson ${position + 1}`,
          objectives: [],
          keyTerms: [],
          passages: ["p1"],
          bodyMarkdown: "Text.",
          bodyHtml: "<p>Text.</p>",
          beyondTheEssay: null,
          estimatedMinutes: 5,
        })),
      },
    ],
    cards: cardKeys.map(({ lessonKey, key }, index) => ({
      key,
      unitKey: "unit-1",
      lessonKey,
      position: index + 1,
      kind: "basic",
      prompt: prompt(key),
      answer: answer(key),
      explanation: null,
      source: { anchor: "p1", quote: "quote" },
      sources: [{ anchor: "p1", quote: "quote" }],
      noteKey: key,
      tags: [],
      contentHash: key,
      resetOnChange: false,
    })),
    contentHash: `test-${slug}`,
  };
  return client.$transaction(async (tx) => {
    const course = await tx.course.create({
      data: {
        slug,
        title,
        summary: "A reliability test course.",
        audience: "Testers",
        contentNote: "None.",
        supportResources: [],
        bundle: bundle as unknown as Prisma.InputJsonValue,
        contentHash: `test-${slug}`,
      },
    });
    const unit = await tx.unit.create({
      data: { courseId: course.id, key: "unit-1", position: 0, title: "Unit 1", summary: "" },
    });
    const cards: TestCourse["cards"] = [];
    let position = 0;
    for (const [lessonIndex, lessonKey] of lessonKeys.entries()) {
      const lesson = await tx.lesson.create({
        data: {
          courseId: course.id,
          unitId: unit.id,
          key: lessonKey,
          position: lessonIndex,
          title: `Lesson ${lessonIndex + 1}`,
          objectives: [],
          passages: ["p1"],
        },
      });
      for (let cardIndex = 0; cardIndex < cardsPerLesson; cardIndex += 1) {
        const key = `l${lessonIndex + 1}-c${cardIndex + 1}`;
        const card = await tx.card.create({
          data: {
            courseId: course.id,
            lessonId: lesson.id,
            key,
            noteKey: key,
            kind: "basic",
            prompt: prompt(key),
            answer: answer(key),
            sourceAnchor: "p1",
            sourceQuote: "quote",
            contentHash: key,
            position: position + 1,
          },
        });
        cards.push({ id: card.id, key });
        position += 1;
      }
    }
    return { id: course.id, slug, lessonKeys, unitKey: "unit-1", cards };
  }, SLOW_MACHINE_TRANSACTION);
}

/** A class on `courseId` taught by `ownerId`, with `studentIds` enrolled. Returns its id and join code. */
export async function createClassIn(
  client: PrismaClient,
  input: { courseId: string; ownerId: string; studentIds?: string[]; name?: string },
): Promise<{ id: string; joinCode: string }> {
  const joinCode = randomUUID().replaceAll("-", "").slice(0, 10).toUpperCase();
  const created = await client.class.create({
    data: {
      name: input.name ?? "Reliability class",
      term: "Test term",
      courseId: input.courseId,
      joinCode,
      createdById: input.ownerId,
      instructors: { create: { userId: input.ownerId, role: "owner" } },
      enrollments: { create: (input.studentIds ?? []).map((userId) => ({ userId })) },
    },
    select: { id: true, joinCode: true },
  });
  return created;
}

export type ReplayCheck = {
  states: number;
  logs: number;
  mismatches: (ReplayMismatch & { userId: string; courseId: string })[];
};

/**
 * `verifyAllReplays()` for just these students: every stored state must equal the replay of its
 * log. Each student's rows and logs are read in one repeatable-read snapshot, so writers elsewhere
 * in the shared database cannot make a false mismatch.
 */
export async function verifyReplaysFor(client: PrismaClient, userIds: string[]): Promise<ReplayCheck> {
  const report: ReplayCheck = { states: 0, logs: 0, mismatches: [] };
  for (const userId of userIds) {
    await client.$transaction(
      async (tx) => {
        const pairs = await tx.cardState.groupBy({ by: ["courseId"], where: { userId } });
        for (const { courseId } of pairs) {
          const rows = await tx.cardState.findMany({ where: { userId, courseId } });
          const histories = await loadHistories(tx, userId, courseId);
          const context = await loadSchedulingContext(tx, userId, courseId);
          report.states += rows.length;
          for (const events of histories.values()) report.logs += events.length;
          const { mismatches } = findReplayMismatches(rows, histories, context);
          report.mismatches.push(...mismatches.map((mismatch) => ({ ...mismatch, userId, courseId })));
        }
      },
      { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
    );
  }
  return report;
}

/** Rows a set of users owns, table by table: the "nothing was written" check. */
export async function userRowCounts(userIds: string[], database: pg.Pool | pg.Client = httpPool()) {
  const { rows } = await database.query<{
    logs: number;
    states: number;
    settings: number;
    enrollments: number;
    users: number;
  }>(
    `SELECT (SELECT count(*)::int FROM "ReviewLog" WHERE "userId" = ANY($1)) AS logs,
            (SELECT count(*)::int FROM "CardState" WHERE "userId" = ANY($1)) AS states,
            (SELECT count(*)::int FROM "CourseSettings" WHERE "userId" = ANY($1)) AS settings,
            (SELECT count(*)::int FROM "Enrollment" WHERE "userId" = ANY($1)) AS enrollments,
            (SELECT count(*)::int FROM "User" WHERE id = ANY($1)) AS users`,
    [userIds],
  );
  return rows[0]!;
}
