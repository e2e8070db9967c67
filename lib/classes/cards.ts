import "server-only";
import type { CardKind } from "@/lib/contracts";
import { db } from "@/lib/db/client";
import { NotFoundError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";
import { classForInstructor, isValidId } from "./access";

export type CardInsight = {
  card: {
    id: string;
    key: string;
    kind: CardKind;
    prompt: string;
    answer: string;
    explanation: string | null;
    lesson: { key: string; title: string };
  };
  source: { anchor: string; quote: string; paragraph: string | null; sourceTitle: string | null };
  stats: {
    students: number;
    studied: number;
    answers: number;
    agains: number;
    againShare: number | null;
    lapses: number;
    meanDifficulty: number | null;
    /** Answers per rating 1..4 by the class's current students. */
    ratings: [number, number, number, number];
  };
};

type Paragraph = { anchor?: unknown; text?: unknown };

/** The source paragraph an anchor names, from the course bundle stored at import. */
function paragraphOf(bundle: unknown, anchor: string): { text: string | null; title: string | null } {
  const source = (bundle as { source?: { title?: unknown; paragraphs?: unknown } } | null)?.source;
  const title = typeof source?.title === "string" ? source.title : null;
  const paragraphs = Array.isArray(source?.paragraphs) ? (source.paragraphs as Paragraph[]) : [];
  const found = paragraphs.find((paragraph) => paragraph.anchor === anchor);
  return { text: typeof found?.text === "string" ? found.text : null, title };
}

/** One card of the class's course with its source passage and how the class's current students do on it. */
export async function getCardInsight(actor: Actor, classId: string, cardId: string): Promise<CardInsight> {
  const { cls } = await classForInstructor(db(), actor, classId);
  if (!isValidId(cardId)) throw new NotFoundError("No such card.");
  const card = await db().card.findFirst({
    where: { id: cardId, courseId: cls.courseId },
    select: {
      id: true,
      key: true,
      kind: true,
      prompt: true,
      answer: true,
      explanation: true,
      sourceAnchor: true,
      sourceQuote: true,
      lesson: { select: { key: true, title: true } },
      course: { select: { bundle: true } },
    },
  });
  if (!card) throw new NotFoundError("No such card.");
  const [row] = await db().$queryRaw<
    { students: number; studied: number; lapses: number; difficulty: number | null; r1: number; r2: number; r3: number; r4: number }[]
  >`
    WITH students AS (SELECT "userId" AS uid FROM "Enrollment" WHERE "classId" = ${classId} AND "removedAt" IS NULL)
    SELECT (SELECT count(*)::int FROM students) AS students,
           count(cs.id) FILTER (WHERE cs."state" <> 'new')::int AS studied,
           coalesce(sum(cs."lapses"), 0)::int AS lapses,
           avg(cs."difficulty") FILTER (WHERE cs."state" <> 'new')::float8 AS difficulty,
           (SELECT count(*) FILTER (WHERE l."rating" = 1)::int FROM "ReviewLog" l JOIN students s ON s.uid = l."userId"
              WHERE l."cardId" = ${card.id} AND l."kind" = 'answer' AND NOT l."undone") AS r1,
           (SELECT count(*) FILTER (WHERE l."rating" = 2)::int FROM "ReviewLog" l JOIN students s ON s.uid = l."userId"
              WHERE l."cardId" = ${card.id} AND l."kind" = 'answer' AND NOT l."undone") AS r2,
           (SELECT count(*) FILTER (WHERE l."rating" = 3)::int FROM "ReviewLog" l JOIN students s ON s.uid = l."userId"
              WHERE l."cardId" = ${card.id} AND l."kind" = 'answer' AND NOT l."undone") AS r3,
           (SELECT count(*) FILTER (WHERE l."rating" = 4)::int FROM "ReviewLog" l JOIN students s ON s.uid = l."userId"
              WHERE l."cardId" = ${card.id} AND l."kind" = 'answer' AND NOT l."undone") AS r4
    FROM students s LEFT JOIN "CardState" cs ON cs."userId" = s.uid AND cs."cardId" = ${card.id}`;
  const ratings: [number, number, number, number] = [row?.r1 ?? 0, row?.r2 ?? 0, row?.r3 ?? 0, row?.r4 ?? 0];
  const answers = ratings.reduce((sum, count) => sum + count, 0);
  const paragraph = paragraphOf(card.course.bundle, card.sourceAnchor);
  return {
    card: {
      id: card.id,
      key: card.key,
      kind: card.kind,
      prompt: card.prompt,
      answer: card.answer,
      explanation: card.explanation,
      lesson: card.lesson,
    },
    source: { anchor: card.sourceAnchor, quote: card.sourceQuote, paragraph: paragraph.text, sourceTitle: paragraph.title },
    stats: {
      students: row?.students ?? 0,
      studied: row?.studied ?? 0,
      answers,
      agains: ratings[0],
      againShare: answers ? ratings[0] / answers : null,
      lapses: row?.lapses ?? 0,
      meanDifficulty: row?.difficulty ?? null,
      ratings,
    },
  };
}
