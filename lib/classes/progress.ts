import "server-only";
import { Prisma } from "@prisma/client";
import type { DbClient } from "@/lib/db/client";
import { DEFAULT_LEECH_THRESHOLD, DEFAULT_STUDY_SETTINGS } from "@/lib/srs";

/**
 * Set-based progress: every figure on the class dashboard comes out of one SQL statement over the
 * students' card states and CardReviewSummary (per student and card, kept from ReviewLog by a
 * trigger in the same transaction as each answer), aggregated in Postgres: no query per student or
 * card, and no scan of the review logs (which grow without bound).
 *
 * Definitions (docs/decisions/0005-classes-and-assignments.md):
 *
 * - A card is LEARNED by a student once it has reached the review state at least once: some
 *   standing (not undone) answer moved it from new/learning to review, or its current state is
 *   review/relearning. Later lapses or a reset do not un-learn it. It was learned at the time of
 *   the first such answer.
 * - Goal "learn": every card of the assignment's lessons is learned.
 * - Goal "recall": every card is learned and its latest standing answer is not Again. A card has
 *   satisfied that since the later of when it was learned and the first non-Again answer after its
 *   last Again. Unlike "learn" this can be lost again by a later Again.
 * - An assignment is COMPLETE when every card is satisfied; it was completed at the latest of the
 *   cards' satisfaction times. It is LATE when the server RECEIVED that work after the due time
 *   (the same computation over the times the satisfying answers arrived): a device's clock decides
 *   when an offline answer was made, never whether it was on time (docs/decisions/0013-offline-answer-times.md). Late work counts.
 * - Only answers count (resets and undone answers do not); answers given before the student joined
 *   the class count too (it is the same course).
 * - Cards archived from the course are left out of every count.
 * - Cards the student suspended are SET ASIDE: left out of that student's total (and done) for the
 *   assignment and counted apart, so one suspended card never blocks completion; shown to student
 *   and instructor. An assignment whose every card is set aside is not complete.
 */

export type ProgressCell = {
  done: number;
  /** Cards that count: the assignment's cards less those set aside. */
  total: number;
  /** Cards the student suspended: left out of `total` (see the definitions above). */
  setAside: number;
  /** Whole percent, rounded down: 100 only when complete. */
  percent: number;
  complete: boolean;
  /** When the work was done, by the answers' own times (a device's clock for offline answers). */
  completedAt: string | null;
  /** When the server had received all of it. */
  receivedAt: string | null;
  /** Received after the due time. */
  late: boolean;
  /** Late, though answered offline before the due time: the instructor sees both times and decides. */
  answeredOfflineBeforeDue: boolean;
};

export function progressCell(
  done: number,
  assignmentTotal: number,
  completedAtMs: number | null,
  dueAt: Date,
  { receivedAtMs = completedAtMs, setAside = 0 }: { receivedAtMs?: number | null; setAside?: number } = {},
): ProgressCell {
  const total = Math.max(0, assignmentTotal - setAside);
  const complete = total > 0 && done >= total;
  const completedAt = complete && completedAtMs !== null ? new Date(completedAtMs) : null;
  const receivedAt = complete && receivedAtMs !== null ? new Date(Math.max(receivedAtMs, completedAtMs ?? 0)) : completedAt;
  const late = receivedAt !== null && receivedAt.getTime() > dueAt.getTime();
  return {
    done,
    total,
    setAside,
    percent: total === 0 ? 0 : Math.floor((done * 100) / total),
    complete,
    completedAt: completedAt?.toISOString() ?? null,
    receivedAt: receivedAt?.toISOString() ?? null,
    late,
    answeredOfflineBeforeDue: late && completedAt !== null && completedAt.getTime() <= dueAt.getTime(),
  };
}

/**
 * When a card was learned: the summary's first answer that left it in review, or, for a card in
 * review/relearning whose logs do not show that step (e.g. imported data), its last answer.
 * `r` = CardReviewSummary, `cs` = CardState.
 */
const LEARNED_AT = Prisma.sql`
  coalesce(r."learnedAt", CASE WHEN cs."state" IN ('review', 'relearning') THEN coalesce(r."lastAnswerAt", cs."lastReview") END)`;
/** When the server received the answer behind LEARNED_AT (the same fallback for states without such a log). */
const LEARNED_RECEIVED_AT = Prisma.sql`
  CASE WHEN r."learnedAt" IS NOT NULL THEN coalesce(r."learnedReceivedAt", r."learnedAt") ELSE ${LEARNED_AT} END`;

/**
 * For goal "recall", over card facts `cf`: since when the card's latest answers have all been other
 * than Again: the first answer after its last Again, or since it was learned if it never got an
 * Again. Null when its latest answer is Again or it is not learned.
 */
const recallSince = (learned: Prisma.Sql, recall: Prisma.Sql) => Prisma.sql`
  CASE
    WHEN cf.learned_at IS NULL OR cf.last_answer_at IS NULL THEN NULL
    WHEN cf.last_again_at IS NULL THEN ${learned}
    WHEN cf.last_answer_at > cf.last_again_at THEN greatest(${learned}, ${recall})
  END`;
const RECALL_SINCE = recallSince(Prisma.sql`cf.learned_at`, Prisma.sql`cf.recall_since`);
/** When the server received what RECALL_SINCE rests on. */
const RECALL_RECEIVED_AT = recallSince(Prisma.sql`cf.learned_received_at`, Prisma.sql`coalesce(cf.recall_received_at, cf.recall_since)`);

/** Cards that count towards the retention estimate: learned, unsuspended, with a review and a stability. */
const RETENTION_CARD = Prisma.sql`learned_at IS NOT NULL AND "state" <> 'new' AND NOT "suspended" AND last_review IS NOT NULL AND "stability" > 0`;

const epochMs = (column: Prisma.Sql) => Prisma.sql`(date_part('epoch', ${column}) * 1000)::int8`;

/** A class's course and the students to compute for (the class's active enrollments, or some of them). */
export type ClassScope = { courseId: string; timeZone: string; studentIds: string[] };

export type RawClassProgress = {
  /**
   * [userId, assignmentId, done, completedAtMs | null (only when done = total less set aside), completed
   * local date (class zone) | null, receivedAtMs | null (when the server had all of it; only when
   * complete), set aside (suspended)]; done counts only cards not set aside.
   */
  progress: [string, string, number, number | null, string | null, number | null, number][];
  /** [assignmentId, total cards] */
  totals: [string, number][];
  /**
   * [userId, cardsLearned, overdue, reviews7d, lastActiveMs | null, then for the retention estimate over
   * learned, unsuspended cards with a review: stabilities (thousandths of a day), last reviews (epoch
   * seconds), the student's time zone, day-start hour and FSRS weights]
   */
  students: [string, number, number, number, number | null, number[], number[], string, number, number[] | null][];
  /** [cardId, answers, agains, lapses, difficultySum, studied, leeches (students for whom it is a leech)] */
  cards: [string, number, number, number, number, number, number][];
};

export type ProgressOptions = { withCards?: boolean; withStudents?: boolean };

const EMPTY: RawClassProgress = { progress: [], totals: [], students: [], cards: [] };

/** How many (unarchived) cards each assignment holds: a fact of the assignment, students or not. */
export async function assignmentCardCounts(client: DbClient, assignmentIds: string[]): Promise<Map<string, number>> {
  if (assignmentIds.length === 0) return new Map();
  const rows = await client.$queryRaw<{ id: string; cards: number }[]>`
    SELECT al."assignmentId" AS id, count(c.id)::int AS cards
    FROM "AssignmentLesson" al JOIN "Card" c ON c."lessonId" = al."lessonId" AND NOT c."archived"
    WHERE al."assignmentId" = ANY(${assignmentIds}::text[])
    GROUP BY al."assignmentId"`;
  return new Map(rows.map((row) => [row.id, row.cards]));
}

/** From this many students on, the work is split over two connections (the database has two cores to use). */
const SPLIT_FROM = 200;

/**
 * The whole dashboard for the scope's students: one statement whatever the class size (no query
 * per student or card). It reads the students' card states and the per-card summaries of their
 * logs (CardReviewSummary, kept by a trigger), and of the review logs only the last 7 days' count.
 * A large class is split into two halves run at once on two connections; every figure is per
 * student or a sum over students, so the halves concatenate (per-card sums are added up by the
 * caller).
 */
export async function queryClassProgress(
  client: DbClient,
  scope: ClassScope,
  assignmentIds: string[],
  now: Date,
  options: ProgressOptions = {},
): Promise<RawClassProgress> {
  // With nobody enrolled there is no progress to read, but an assignment still has its cards.
  if (scope.studentIds.length === 0) return { ...EMPTY, totals: [...(await assignmentCardCounts(client, assignmentIds))] };
  const ids = [...scope.studentIds].sort();
  const halves = ids.length >= SPLIT_FROM ? [ids.slice(0, ids.length >> 1), ids.slice(ids.length >> 1)] : [ids];
  const parts = await Promise.all(
    halves.map(async (studentIds) => {
      const [row] = await client.$queryRaw<RawClassProgress[]>(classProgressSql({ ...scope, studentIds }, assignmentIds, now, options));
      if (!row) throw new Error("class progress query returned no row");
      return row;
    }),
  );
  const [first, second] = parts;
  if (!first) return EMPTY;
  if (!second) return first;
  return {
    progress: [...first.progress, ...second.progress],
    totals: first.totals,
    students: [...first.students, ...second.students],
    cards: [...first.cards, ...second.cards],
  };
}

export function classProgressSql(scope: ClassScope, assignmentIds: string[], now: Date, options: ProgressOptions = {}): Prisma.Sql {
  const withCards = options.withCards ?? true;
  const withStudents = options.withStudents ?? true;
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  const { timeZone: defaultZone, dayStartHour: defaultDayStart } = DEFAULT_STUDY_SETTINGS;
  const { courseId, studentIds } = scope;
  return Prisma.sql`
    WITH card_facts AS MATERIALIZED (
      SELECT cs."userId" AS uid, cs."cardId" AS cid, cs."state", cs."due", cs."suspended", cs."lapses", cs."difficulty",
             cs."stability", cs."lastReview" AS last_review,
             coalesce(r."answers", 0) AS answers, coalesce(r."agains", 0) AS agains,
             r."lastAnswerAt" AS last_answer_at, r."lastAgainAt" AS last_again_at, r."recallSince" AS recall_since,
             r."recallReceivedAt" AS recall_received_at,
             ${LEARNED_AT} AS learned_at, ${LEARNED_RECEIVED_AT} AS learned_received_at,
             cs."lapses" >= coalesce(ls."leechThreshold", ${DEFAULT_LEECH_THRESHOLD}) AS leech
      FROM "CardState" cs
      JOIN "Card" c ON c.id = cs."cardId" AND NOT c."archived"
      LEFT JOIN "CardReviewSummary" r ON r."userId" = cs."userId" AND r."cardId" = cs."cardId"
      LEFT JOIN "CourseSettings" ls ON ls."userId" = cs."userId" AND ls."courseId" = cs."courseId"
      WHERE cs."courseId" = ${courseId} AND cs."userId" = ANY(${studentIds}::text[])
    ),
    assignment_cards AS MATERIALIZED (
      SELECT a.id AS aid, a."goal"::text AS goal, c.id AS cid
      FROM "Assignment" a
      JOIN "AssignmentLesson" al ON al."assignmentId" = a.id
      JOIN "Card" c ON c."lessonId" = al."lessonId" AND NOT c."archived"
      WHERE a.id = ANY(${assignmentIds}::text[])
    ),
    totals AS MATERIALIZED (SELECT aid, count(*)::int AS total FROM assignment_cards GROUP BY aid),
    progress AS (
      SELECT uid, aid, done, set_aside,
             CASE WHEN done = total - set_aside AND done > 0 THEN completed_at END AS completed_at,
             CASE WHEN done = total - set_aside AND done > 0 THEN received_at END AS received_at
      FROM (
        SELECT cf.uid, ac.aid, max(t.total) AS total,
               count(x.at) FILTER (WHERE NOT cf."suspended")::int AS done,
               count(*) FILTER (WHERE cf."suspended")::int AS set_aside,
               max(x.at) FILTER (WHERE NOT cf."suspended") AS completed_at,
               max(x.received) FILTER (WHERE NOT cf."suspended") AS received_at
        FROM assignment_cards ac
        JOIN card_facts cf ON cf.cid = ac.cid
        JOIN totals t ON t.aid = ac.aid
        CROSS JOIN LATERAL (
          SELECT CASE WHEN ac.goal = 'learn' THEN cf.learned_at ELSE ${RECALL_SINCE} END AS at,
                 CASE WHEN ac.goal = 'learn' THEN cf.learned_received_at ELSE ${RECALL_RECEIVED_AT} END AS received
        ) x
        GROUP BY cf.uid, ac.aid
      ) g
    )
    SELECT
      (SELECT coalesce(json_agg(json_build_array(uid, aid, done, ${epochMs(Prisma.sql`completed_at`)},
                to_char((completed_at AT TIME ZONE 'UTC') AT TIME ZONE ${scope.timeZone}, 'YYYY-MM-DD'),
                ${epochMs(Prisma.sql`received_at`)}, set_aside)), '[]'::json)
       FROM progress) AS progress,
      (SELECT coalesce(json_agg(json_build_array(aid, total)), '[]'::json) FROM totals) AS totals,
      (SELECT coalesce(json_agg(json_build_array(a.uid, a.learned, a.overdue, coalesce(w.recent, 0),
                ${epochMs(Prisma.sql`a.last_active`)}, a.stabilities, a.reviewed,
                coalesce(st."timeZone", ${defaultZone}), coalesce(st."dayStartHour", ${defaultDayStart}), st."weights")), '[]'::json)
       FROM (
         SELECT uid, count(learned_at)::int AS learned,
                count(*) FILTER (WHERE "state" IN ('review', 'relearning') AND NOT "suspended" AND "due" < ${now})::int AS overdue,
                max(last_answer_at) AS last_active,
                coalesce(array_agg(round("stability" * 1000)::int8) FILTER (WHERE ${RETENTION_CARD}), '{}') AS stabilities,
                coalesce(array_agg(date_part('epoch', last_review)::int8) FILTER (WHERE ${RETENTION_CARD}), '{}') AS reviewed
         FROM card_facts GROUP BY uid
       ) a
       LEFT JOIN "CourseSettings" st ON st."userId" = a.uid AND st."courseId" = ${courseId}
       LEFT JOIN (
         SELECT l."userId" AS uid, count(*)::int AS recent FROM "ReviewLog" l
         WHERE l."userId" = ANY(${studentIds}::text[]) AND l."courseId" = ${courseId} AND l."reviewedAt" >= ${weekAgo}
           AND l."kind" = 'answer' AND NOT l."undone"
         GROUP BY l."userId"
       ) w ON w.uid = a.uid
       WHERE ${withStudents}) AS students,
      (SELECT coalesce(json_agg(json_build_array(cid, answers, agains, lapses, difficulty, studied, leeches)), '[]'::json)
       FROM (
         SELECT cid, sum(answers)::int AS answers, sum(agains)::int AS agains, sum("lapses")::int AS lapses,
                coalesce(sum("difficulty") FILTER (WHERE "state" <> 'new'), 0)::float8 AS difficulty,
                count(*) FILTER (WHERE "state" <> 'new')::int AS studied,
                count(*) FILTER (WHERE leech)::int AS leeches
         FROM card_facts GROUP BY cid
       ) k
       WHERE ${withCards}) AS cards`;
}
