import "server-only";
import { Prisma, type CardKind, type CardState as CardStateRow, type CourseSettings } from "@prisma/client";
import type { LessonCardDto, QueueCardDto, QueueDto } from "@/lib/contracts";
import { db } from "@/lib/db/client";
import { visibleCourseSql } from "@/lib/auth/course-access";
import { courseNotFound, requireCourseBySlug } from "./course";
import { NotFoundError } from "@/lib/errors";
import {
  buildDailyQueue,
  endOfLocalDay,
  LEARN_AHEAD_MS,
  forecastCards,
  previewOutcomes,
  RetrievabilityEstimator,
  startOfLocalDay,
  type QueueKind,
  type SrsCardState,
} from "@/lib/srs";
import { parseInput } from "@/lib/validation";
import type { Actor } from "@/lib/auth/actor";
import { assignedLessonsQuery } from "./assigned";
import { nextExamOf, forecastWeights } from "./exam";
import { QUEUE_CARD_COLUMNS, QUEUE_STATE_COLUMNS, selectList, type NullableColumns } from "./rows";
import { extraQueueQuerySchema, queueQuerySchema } from "./schemas";
import { loadSchedulingContext, schedulingContextOf, type SchedulingContext } from "./scheduling-context";
import { snapshotOf, unstudiedSnapshot, type StateSnapshot } from "./state";

/** The course, the student's settings row (all null without one) and the assigned lessons. */
type HeadRow = { queueCourseId: string; queueCourseSlug: string; queueAssigned: string[] } & NullableColumns<CourseSettings>;

type StoredState = Pick<CardStateRow, keyof SrsCardState | "suspended" | "version">;
type CardContent = {
  cardId: string;
  lessonId: string;
  noteKey: string;
  kind: CardKind;
  prompt: string;
  answer: string;
  explanation: string | null;
  sourceAnchor: string;
  sourceQuote: string;
  sources: unknown;
};

/**
 * One candidate card (or, with `bucket` null, no candidate at all: every row carries today's counts).
 * Learning and review rows carry the stored state; new rows only its `version` and `suspended` when a
 * state row exists (a reset card). Content is there for the first `limit` rows of each bucket.
 */
type CandidateRow = { introduced: number; reviewed: number; bucket: QueueKind | null; rank: number; position: number; lessonId: string; noteKey: string } & NullableColumns<StoredState> &
  NullableColumns<CardContent>;

const STATE_COLUMNS = selectList("s", QUEUE_STATE_COLUMNS);
const CARD_COLUMNS = selectList("c", QUEUE_CARD_COLUMNS);

/**
 * The student's queue for today in two round trips: (1) the course, the student's settings and the
 * assigned lessons; (2) today's counts and the candidates, narrowed in SQL to what today's limits could
 * show (due learning cards, the oldest due reviews, the next new cards; none of a kind whose daily
 * limit is used up), with the content of the cards that can make the first `limit` items. lib/srs
 * `buildDailyQueue` decides the order and applies the caps. Each card carries the four previews, so the
 * client can answer offline and label its buttons.
 */
export async function getReviewQueue(actor: Actor, rawQuery: unknown, now: Date): Promise<QueueDto> {
  const { course: slug, limit } = parseInput(queueQuerySchema, rawQuery);
  const client = db();

  const [head] = await client.$queryRaw<HeadRow[]>`
    SELECT c.id AS "queueCourseId", c.slug AS "queueCourseSlug",
           ARRAY(${assignedLessonsQuery(actor.id, Prisma.sql`c.id`, now)}) AS "queueAssigned",
           cs.*
    FROM "Course" c
    LEFT JOIN "CourseSettings" cs ON cs."courseId" = c.id AND cs."userId" = ${actor.id}
    WHERE c.slug = ${slug} AND ${visibleCourseSql(actor, "c")}`;
  if (!head) throw courseNotFound(slug);
  const { queueCourseId: courseId, queueCourseSlug: courseSlug, queueAssigned, ...settingsColumns } = head;
  // The column is nullable and Prisma's client reads NULL as an empty list; raw SQL does not.
  const settingsRow =
    settingsColumns.id === null
      ? null
      : ({ ...settingsColumns, weights: settingsColumns.weights ?? [] } as CourseSettings);
  const context = schedulingContextOf(settingsRow);
  const assigned = new Set(queueAssigned);
  const { timeZone, dayStartHour } = context.dayRule;
  const dayStart = startOfLocalDay(now, timeZone, dayStartHour);
  const dayEnd = endOfLocalDay(now, timeZone, dayStartHour);
  const { newPerDay, reviewsPerDay } = context.settings;

  // Each bucket is ranked in the order lib/srs gives it (due then course order; assigned lessons
  // first, then course order), card id breaking ties, and is fed to buildDailyQueue in that order, so
  // the items it picks come from the first `limit` rows of each bucket: only those carry content.
  // A LIMIT of 0 (today's limit used up) runs nothing below it.
  const rows = await client.$queryRaw<CandidateRow[]>`
    WITH today AS (
      SELECT count(*) FILTER (WHERE "state" = 'new')::int AS introduced,
             count(*) FILTER (WHERE "state" = 'review')::int AS reviewed
      FROM "ReviewLog"
      WHERE "userId" = ${actor.id} AND "courseId" = ${courseId} AND "kind" = 'answer'
        AND NOT "undone" AND "reviewedAt" >= ${dayStart}
    ),
    -- Notes with a card answered today: their new and review cards are buried until tomorrow.
    buried AS (
      SELECT DISTINCT c."noteKey"
      FROM "CardState" s JOIN "Card" c ON c.id = s."cardId"
      WHERE s."userId" = ${actor.id} AND s."courseId" = ${courseId} AND NOT c.archived AND s."lastReview" >= ${dayStart}
    ),
    learning AS (
      SELECT ${STATE_COLUMNS}, ${CARD_COLUMNS}, 1 AS sibling, row_number() OVER (ORDER BY s.due, c.position, s."cardId")::int AS rank
      FROM "CardState" s JOIN "Card" c ON c.id = s."cardId"
      WHERE s."userId" = ${actor.id} AND s."courseId" = ${courseId} AND NOT s.suspended AND NOT c.archived
        AND s.state IN ('learning', 'relearning') AND s.due <= ${new Date(now.getTime() + LEARN_AHEAD_MS)}
      -- No LIMIT: every due learning card counts (the dashboard asks for one card and shows the counts).
    ),
    reviews AS (
      SELECT r.*, row_number() OVER (ORDER BY r.due, r.position, r."cardId")::int AS rank
      FROM (
        SELECT ${STATE_COLUMNS}, ${CARD_COLUMNS},
               row_number() OVER (PARTITION BY c."noteKey" ORDER BY s.due, c.position, s."cardId")::int AS sibling
        FROM "CardState" s JOIN "Card" c ON c.id = s."cardId"
        WHERE s."userId" = ${actor.id} AND s."courseId" = ${courseId} AND NOT s.suspended AND NOT c.archived
          AND s.state = 'review' AND s.due < ${dayEnd} AND c."noteKey" NOT IN (SELECT "noteKey" FROM buried)
      ) r
      WHERE r.sibling = 1
      ORDER BY r.due, r.position, r."cardId"
      LIMIT greatest(0, ${reviewsPerDay}::int - (SELECT reviewed FROM today))
    ),
    fresh AS (
      SELECT f.*, row_number() OVER (ORDER BY f.assigned DESC, f.position, f."cardId")::int AS rank
      FROM (
        SELECT u.*, row_number() OVER (PARTITION BY u."noteKey" ORDER BY u.assigned DESC, u.position, u."cardId")::int AS sibling
        FROM (
          SELECT n.*, n."lessonId" = ANY(${[...assigned]}::text[]) AS assigned
          FROM (
            -- cards never studied: an anti-join that reads only the student's (userId, cardId) index entries
            SELECT c.id AS "cardId", NULL::int AS version, NULL::boolean AS suspended, ${CARD_COLUMNS}
            FROM "Card" c
            WHERE c."courseId" = ${courseId} AND NOT c.archived
              AND NOT EXISTS (SELECT 1 FROM "CardState" s WHERE s."userId" = ${actor.id} AND s."cardId" = c.id)
            UNION ALL
            -- cards whose state is new again (reset)
            SELECT s."cardId", s.version, s.suspended, ${CARD_COLUMNS}
            FROM "CardState" s JOIN "Card" c ON c.id = s."cardId"
            WHERE s."userId" = ${actor.id} AND s."courseId" = ${courseId} AND s.state = 'new' AND NOT s.suspended AND NOT c.archived
          ) n
          -- buried notes, and notes a due review already brings today
          WHERE n."noteKey" NOT IN (SELECT "noteKey" FROM buried) AND n."noteKey" NOT IN (SELECT "noteKey" FROM reviews)
        ) u
      ) f
      WHERE f.sibling = 1
      ORDER BY f.assigned DESC, f.position, f."cardId"
      LIMIT greatest(0, ${newPerDay}::int - (SELECT introduced FROM today))
    ),
    candidates AS (
      SELECT 'learning' AS bucket, 1 AS "bucketOrder", * FROM learning
      UNION ALL
      SELECT 'review', 2, * FROM reviews
      UNION ALL
      SELECT 'new', 3, "cardId", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, suspended, version,
             position, "lessonId", kind, prompt, answer, explanation, "sourceAnchor", "sourceQuote", "noteKey", sources, sibling, rank
      FROM fresh
    )
    SELECT t.introduced, t.reviewed, k.bucket, k.rank, k."cardId", k.position, k."lessonId", k."noteKey",
           k.due, k.stability, k.difficulty, k."elapsedDays", k."scheduledDays", k."learningSteps",
           k.reps, k.lapses, k.state, k."lastReview", k.suspended, k.version,
           CASE WHEN k.rank <= ${limit} THEN k.kind END AS kind,
           CASE WHEN k.rank <= ${limit} THEN k.prompt END AS prompt,
           CASE WHEN k.rank <= ${limit} THEN k.answer END AS answer,
           CASE WHEN k.rank <= ${limit} THEN k.explanation END AS explanation,
           CASE WHEN k.rank <= ${limit} THEN k."sourceAnchor" END AS "sourceAnchor",
           CASE WHEN k.rank <= ${limit} THEN k."sourceQuote" END AS "sourceQuote",
           CASE WHEN k.rank <= ${limit} THEN k.sources END AS sources
    FROM today t LEFT JOIN candidates k ON true
    ORDER BY k."bucketOrder", k.rank`;

  const today = rows[0] ?? { introduced: 0, reviewed: 0 };
  const candidates = rows.filter(
    (row): row is CandidateRow & { bucket: QueueKind; cardId: string } => row.bucket !== null,
  );
  const snapshots = new Map<string, StateSnapshot>(
    candidates.filter((row) => row.bucket !== "new").map((row) => [row.cardId, snapshotOf(row as StoredState)]),
  );
  const newStates = new Map(candidates.filter((row) => row.bucket === "new").map((row) => [row.cardId, row]));

  const queue = buildDailyQueue(
    {
      cards: candidates.map((row) => ({
        cardId: row.cardId,
        position: row.position,
        lessonId: row.lessonId,
        noteKey: row.noteKey,
        archived: false,
      })),
      states: snapshots,
      dayRule: context.dayRule,
      newPerDay,
      reviewsPerDay,
      newIntroducedToday: today.introduced,
      reviewsDoneToday: today.reviewed,
      assignedLessonIds: assigned,
      limit,
    },
    now,
  );

  const contentById = new Map<string, CardContent>();
  for (const row of candidates) if (row.kind !== null) contentById.set(row.cardId, row as CardContent);
  const missing = queue.items.map((item) => item.cardId).filter((cardId) => !contentById.has(cardId));
  if (missing.length) {
    // Not expected (see the ranking above); kept so the queue never depends on that reasoning.
    const more = await client.$queryRaw<CardContent[]>`
      SELECT id AS "cardId", "lessonId", "noteKey", kind, prompt, answer, explanation, "sourceAnchor", "sourceQuote", sources
      FROM "Card" WHERE id = ANY(${missing}::text[])`;
    for (const card of more) contentById.set(card.cardId, card);
  }

  const dto = queueCardDtos(context, now);
  const cards = queue.items.map(({ cardId, queue: kind }) => {
    const stored = newStates.get(cardId);
    return dto(
      contentById.get(cardId)!,
      kind,
      snapshots.get(cardId) ??
        (stored && stored.version !== null ? { version: stored.version, suspended: stored.suspended ?? false } : null),
    );
  });

  return { course: courseSlug, generatedAt: now.toISOString(), cards, counts: queue.counts };
}

/**
 * Builds queue entries with their four previews. `stored` is the student's state (a studied card),
 * just the version of a reset card's row, or null for a card never studied. Every new card schedules
 * from the same unstudied state (a stored one differs only in version), so their previews are
 * computed once.
 */
function queueCardDtos(context: SchedulingContext, now: Date) {
  const unstudied = unstudiedSnapshot(now);
  let unstudiedOutcomes: ReturnType<typeof previewOutcomes> | undefined;
  return (
    card: CardContent,
    kind: QueueKind,
    stored: StateSnapshot | { version: number; suspended: boolean } | null,
  ): QueueCardDto => {
    const studied = stored && "state" in stored ? stored : null;
    const snapshot = studied ?? (stored ? { ...unstudied, ...stored } : unstudied);
    const outcomes = studied
      ? previewOutcomes(studied, now, context.params, context.dayRule)
      : (unstudiedOutcomes ??= previewOutcomes(unstudied, now, context.params, context.dayRule));
    const preview = (name: keyof typeof outcomes) => ({
      due: outcomes[name].due.toISOString(),
      label: outcomes[name].label,
    });
    return {
      id: card.cardId,
      kind: card.kind,
      prompt: card.prompt,
      answer: card.answer,
      explanation: card.explanation,
      source: { anchor: card.sourceAnchor, quote: card.sourceQuote },
      sources: citedPassages(card),
      lessonId: card.lessonId,
      noteKey: card.noteKey,
      queue: kind,
      state: snapshot.state,
      version: snapshot.version,
      previews: { again: preview("again"), hard: preview("hard"), good: preview("good"), easy: preview("easy") },
    };
  };
}

/**
 * Extra study beyond today's queue (issue 14), for a lesson or the whole course:
 * - `ahead`: studied cards not due today, nearest due first. Answers are real reviews at the current
 *   time (FSRS accounts for the early review through elapsed days).
 * - `new`: the next new cards in the new-card order beyond today's limit ("learn 10 more"), one per
 *   note and none of a note answered today, as in the day's queue.
 * - `exam`: before the student's next exam (lib/review/exam.ts), the studied cards whose predicted
 *   recall on the exam day is below their desired retention, lowest first (due ones included: the
 *   forecast counts them too). Answers are real reviews at the current time, as for `ahead`.
 * The queue says `extra` so the session can tell the student these cards are extra.
 */
export async function getExtraQueue(actor: Actor, rawQuery: unknown, now: Date): Promise<QueueDto> {
  const { course: slug, extra, lesson, limit } = parseInput(extraQueueQuerySchema, rawQuery);
  const client = db();
  const course = await requireCourseBySlug(actor, slug, client);
  const lessonRow = lesson
    ? await client.lesson.findFirst({
        where: { courseId: course.id, key: lesson, archived: false },
        select: { id: true },
      })
    : null;
  if (lesson && !lessonRow) throw new NotFoundError("No such lesson in this course.");
  const lessonFilter = lessonRow ? Prisma.sql`AND c."lessonId" = ${lessonRow.id}` : Prisma.empty;
  const context = await loadSchedulingContext(client, actor.id, course.id);
  const { timeZone, dayStartHour } = context.dayRule;
  const dto = queueCardDtos(context, now);
  let cards: QueueCardDto[];
  if (extra === "ahead") {
    const dayEnd = endOfLocalDay(now, timeZone, dayStartHour);
    const rows = await client.$queryRaw<(StoredState & CardContent)[]>`
      SELECT ${STATE_COLUMNS}, ${CARD_COLUMNS}
      FROM "CardState" s JOIN "Card" c ON c.id = s."cardId"
      WHERE s."userId" = ${actor.id} AND s."courseId" = ${course.id} AND NOT s.suspended AND NOT c.archived
        AND s.state = 'review' AND s.due >= ${dayEnd} ${lessonFilter}
      ORDER BY s.due, c.position, s."cardId"
      LIMIT ${limit}`;
    cards = rows.map((row) => dto(row, "review", snapshotOf(row)));
  } else if (extra === "exam") {
    const exam = await nextExamOf(client, actor.id, course.id, now);
    const rows = exam
      ? await client.$queryRaw<(StoredState & CardContent)[]>`
          SELECT ${STATE_COLUMNS}, ${CARD_COLUMNS}
          FROM "CardState" s JOIN "Card" c ON c.id = s."cardId"
          WHERE s."userId" = ${actor.id} AND s."courseId" = ${course.id} AND NOT s.suspended AND NOT c.archived
            AND s.state <> 'new' AND s."lastReview" IS NOT NULL ${lessonFilter}`
      : [];
    const student = { ...context.dayRule, weights: forecastWeights(context) };
    const recall = new Map(
      exam ? forecastCards(rows, student, new RetrievabilityEstimator(exam.at)).map((forecast) => [forecast.cardId, forecast.recall]) : [],
    );
    const target = context.settings.desiredRetention;
    cards = rows
      .filter((row) => (recall.get(row.cardId) ?? 1) < target)
      .sort((a, b) => recall.get(a.cardId)! - recall.get(b.cardId)! || (a.cardId < b.cardId ? -1 : 1))
      .slice(0, limit)
      .map((row) => dto(row, row.state === "review" ? "review" : "learning", snapshotOf(row)));
  } else {
    const dayStart = startOfLocalDay(now, timeZone, dayStartHour);
    const assigned = (
      await client.$queryRaw<{ lessonId: string }[]>`${assignedLessonsQuery(actor.id, course.id, now)}`
    ).map((row) => row.lessonId);
    const rows = await client.$queryRaw<(CardContent & { version: number | null; suspended: boolean | null })[]>`
      SELECT n.* FROM (
        SELECT u.*, row_number() OVER (PARTITION BY u."noteKey" ORDER BY u."lessonId" = ANY(${assigned}::text[]) DESC, u.position, u."cardId") AS sibling
        FROM (
          SELECT c.id AS "cardId", s.version, s.suspended, ${CARD_COLUMNS}
          FROM "Card" c LEFT JOIN "CardState" s ON s."cardId" = c.id AND s."userId" = ${actor.id}
          WHERE c."courseId" = ${course.id} AND NOT c.archived AND (s.id IS NULL OR (s.state = 'new' AND NOT s.suspended)) ${lessonFilter}
            AND c."noteKey" NOT IN (
              SELECT bc."noteKey" FROM "CardState" bs JOIN "Card" bc ON bc.id = bs."cardId"
              WHERE bs."userId" = ${actor.id} AND bs."courseId" = ${course.id} AND bs."lastReview" >= ${dayStart})
        ) u
      ) n
      WHERE n.sibling = 1
      ORDER BY n."lessonId" = ANY(${assigned}::text[]) DESC, n.position, n."cardId"
      LIMIT ${limit}`;
    cards = rows.map((row) =>
      dto(row, "new", row.version === null ? null : { version: row.version, suspended: row.suspended ?? false }),
    );
  }
  const counts = { new: extra === "new" ? cards.length : 0, learning: 0, review: extra === "new" ? 0 : cards.length };
  return { course: course.slug, generatedAt: now.toISOString(), cards, counts, extra };
}

/**
 * The cards of one lesson for review inside the reading, in course order, with the previews an
 * answer in place needs (the same answer path and outbox as the review session).
 */
export async function getLessonCards(actor: Actor, slug: string, lessonKey: string, now: Date): Promise<{ generatedAt: string; cards: LessonCardDto[] }> {
  const client = db();
  const course = await requireCourseBySlug(actor, slug, client);
  const lesson = await client.lesson.findFirst({ where: { courseId: course.id, key: lessonKey, archived: false }, select: { id: true } });
  if (!lesson) throw new NotFoundError("No such lesson in this course.");
  const [rows, context] = await Promise.all([
    client.$queryRaw<(CardContent & NullableColumns<StoredState>)[]>`
      SELECT c.id AS "cardId", s.due, s.stability, s.difficulty, s."elapsedDays", s."scheduledDays", s."learningSteps",
             s.reps, s.lapses, s.state, s."lastReview", s.suspended, s.version, ${CARD_COLUMNS}
      FROM "Card" c LEFT JOIN "CardState" s ON s."cardId" = c.id AND s."userId" = ${actor.id}
      WHERE c."lessonId" = ${lesson.id} AND NOT c.archived
      ORDER BY c.position`,
    loadSchedulingContext(client, actor.id, course.id),
  ]);
  const dto = queueCardDtos(context, now);
  return {
    generatedAt: now.toISOString(),
    cards: rows.map((row) => {
      const stored = row.state === null ? null : snapshotOf(row as StoredState);
      const studied = stored && (stored.state !== "new" || stored.reps > 0) ? stored : null;
      return {
        card: dto(row, studied ? (studied.state === "review" ? "review" : studied.state === "new" ? "new" : "learning") : "new", stored),
        studied: studied ? { state: studied.state, due: studied.due.toISOString(), suspended: studied.suspended } : null,
      };
    }),
  };
}

/** The stored list of cited passages, or the single source for a card imported before the list existed. */
function citedPassages(card: CardContent): NonNullable<QueueCardDto["sources"]> {
  const stored = Array.isArray(card.sources) ? card.sources : [];
  const valid = stored.filter(
    (entry): entry is { anchor: string; quote: string } =>
      typeof entry === "object" && entry !== null && typeof entry.anchor === "string" && typeof entry.quote === "string",
  );
  return valid.length > 0 ? valid.map(({ anchor, quote }) => ({ anchor, quote })) : [{ anchor: card.sourceAnchor, quote: card.sourceQuote }];
}
