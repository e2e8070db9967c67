import "server-only";
import type { CardState as CardStateRow } from "@prisma/client";
import { db } from "@/lib/db/client";
import { requireCourseBySlug } from "@/lib/db/courses";
import {
  buildDailyQueue,
  endOfLocalDay,
  LEARN_AHEAD_MS,
  previewOutcomes,
  startOfLocalDay,
  type QueueCounts,
  type QueueKind,
} from "@/lib/srs";
import { parseInput } from "@/lib/validation";
import type { Actor } from "@/lib/review/actor";
import { assignedLessonIds } from "@/lib/review/assigned";
import { queueQuerySchema } from "@/lib/review/schemas";
import { loadSchedulingContext } from "@/lib/review/settings";
import { snapshotOf, unstudiedSnapshot, type StateSnapshot } from "@/lib/review/state";

export type PreviewDto = { due: string; label: string };

export type QueueCardDto = {
  id: string;
  kind: "basic" | "cloze";
  prompt: string;
  answer: string;
  explanation: string | null;
  source: { anchor: string; quote: string };
  lessonId: string;
  queue: QueueKind;
  state: StateSnapshot["state"];
  version: number;
  previews: { again: PreviewDto; hard: PreviewDto; good: PreviewDto; easy: PreviewDto };
};

export type QueueDto = { course: string; generatedAt: string; cards: QueueCardDto[]; counts: QueueCounts };

/**
 * The student's queue for today: SQL narrows the candidates to what today's limits could show (due
 * learning cards, the oldest due reviews, the next new cards), and lib/srs decides the order and caps.
 * Each card carries the four previews, so the client can answer offline and label its buttons.
 */
export const T: Record<string, number> = {};
let t0 = 0;
const lap = (k: string) => { const n = performance.now(); T[k] = (T[k] ?? 0) + n - t0; t0 = n; };
export async function getReviewQueue(actor: Actor, rawQuery: unknown, now: Date): Promise<QueueDto> {
  t0 = performance.now();
  const { course: slug, limit } = parseInput(queueQuerySchema, rawQuery);
  const course = await requireCourseBySlug(slug);
  const client = db();
  lap("course");
  const context = await loadSchedulingContext(client, actor.id, course.id);
  lap("settings");
  const { timeZone, dayStartHour } = context.dayRule;
  const dayStart = startOfLocalDay(now, timeZone, dayStartHour);
  const dayEnd = endOfLocalDay(now, timeZone, dayStartHour);

  const [today] = await client.$queryRaw<{ introduced: number; reviewed: number }[]>`
    SELECT count(*) FILTER (WHERE "state" = 'new')::int AS introduced,
           count(*) FILTER (WHERE "state" = 'review')::int AS reviewed
    FROM "ReviewLog"
    WHERE "userId" = ${actor.id} AND "courseId" = ${course.id} AND "kind" = 'answer'
      AND NOT "undone" AND "reviewedAt" >= ${dayStart}`;
  lap("today");
  const newLeft = Math.max(0, context.settings.newPerDay - (today?.introduced ?? 0));
  const reviewsLeft = Math.max(0, context.settings.reviewsPerDay - (today?.reviewed ?? 0));
  const assigned = await assignedLessonIds(client, actor.id, course.id, now);

  type StudiedRow = CardStateRow & { position: number; lessonId: string };
  lap("assigned");
  const [learningRows, reviewRows, newRows] = await Promise.all([
    client.$queryRaw<StudiedRow[]>`
      SELECT s.*, c."position", c."lessonId" FROM "CardState" s JOIN "Card" c ON c.id = s."cardId"
      WHERE s."userId" = ${actor.id} AND s."courseId" = ${course.id} AND NOT s."suspended" AND NOT c."archived"
        AND s."state" IN ('learning', 'relearning') AND s."due" <= ${new Date(now.getTime() + LEARN_AHEAD_MS)}
      ORDER BY s."due" LIMIT ${limit}`,
    client.$queryRaw<StudiedRow[]>`
      SELECT s.*, c."position", c."lessonId" FROM "CardState" s JOIN "Card" c ON c.id = s."cardId"
      WHERE s."userId" = ${actor.id} AND s."courseId" = ${course.id} AND NOT s."suspended" AND NOT c."archived"
        AND s."state" = 'review' AND s."due" < ${dayEnd}
      ORDER BY s."due", c."position" LIMIT ${reviewsLeft}`,
    client.$queryRaw<{ id: string; position: number; lessonId: string; stateRow: CardStateRow | null }[]>`
      SELECT c.id, c."position", c."lessonId", to_jsonb(s.*) AS "stateRow"
      FROM "Card" c
      LEFT JOIN "CardState" s ON s."cardId" = c.id AND s."userId" = ${actor.id}
      WHERE c."courseId" = ${course.id} AND NOT c."archived"
        AND (s.id IS NULL OR (s."state" = 'new' AND NOT s."suspended"))
      ORDER BY (c."lessonId" = ANY(${[...assigned]}::text[])) DESC, c."position"
      LIMIT ${newLeft}`,
  ]);

  const studiedRows = [...learningRows, ...reviewRows];
  lap("3queries");
  const snapshots = new Map<string, StateSnapshot>(studiedRows.map((row) => [row.cardId, snapshotOf(row)]));
  const studiedCards = studiedRows.map((row) => ({ id: row.cardId, position: row.position, lessonId: row.lessonId }));

  lap("studiedCards");
  const queue = buildDailyQueue(
    {
      cards: [...studiedCards, ...newRows].map((card) => ({
        cardId: card.id,
        position: card.position,
        lessonId: card.lessonId,
        archived: false,
      })),
      states: snapshots,
      dayRule: context.dayRule,
      newPerDay: context.settings.newPerDay,
      reviewsPerDay: context.settings.reviewsPerDay,
      newIntroducedToday: today?.introduced ?? 0,
      reviewsDoneToday: today?.reviewed ?? 0,
      assignedLessonIds: assigned,
      limit,
    },
    now,
  );

  lap("build");
  const newStates = new Map(newRows.map((row) => [row.id, row.stateRow]));
  const content = await client.card.findMany({
    where: { id: { in: queue.items.map((item) => item.cardId) } },
    select: { id: true, kind: true, prompt: true, answer: true, explanation: true, sourceAnchor: true, sourceQuote: true, lessonId: true },
  });
  lap("content");
  const contentById = new Map(content.map((card) => [card.id, card]));

  const cards = queue.items.map(({ cardId, queue: kind }): QueueCardDto => {
    const card = contentById.get(cardId)!;
    const stored = newStates.get(cardId);
    const snapshot =
      snapshots.get(cardId) ??
      (stored ? { ...unstudiedSnapshot(now), version: stored.version, suspended: stored.suspended } : unstudiedSnapshot(now));
    const outcomes = previewOutcomes(snapshot, now, context.params, context.dayRule);
    const preview = (name: keyof typeof outcomes) => ({ due: outcomes[name].due.toISOString(), label: outcomes[name].label });
    return {
      id: card.id,
      kind: card.kind,
      prompt: card.prompt,
      answer: card.answer,
      explanation: card.explanation,
      source: { anchor: card.sourceAnchor, quote: card.sourceQuote },
      lessonId: card.lessonId,
      queue: kind,
      state: snapshot.state,
      version: snapshot.version,
      previews: { again: preview("again"), hard: preview("hard"), good: preview("good"), easy: preview("easy") },
    };
  });

  lap("previews");
  return { course: course.slug, generatedAt: now.toISOString(), cards, counts: queue.counts };
}
