import "server-only";
import type { CardStateDto } from "@/lib/contracts";
import { Prisma, type CardState as CardStateRow, type CourseSettings } from "@prisma/client";
import { db, type Tx } from "@/lib/db/client";
import { isUniqueViolation, newRowId } from "@/lib/db/raw";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { answerCard as scheduleAnswer, becameLeech, ReviewBeforeLastReviewError, strictlyAfter, type SrsRating } from "@/lib/srs";
import { parseInput } from "@/lib/validation";
import type { Actor } from "@/lib/auth/actor";
import { sessionUserSql, type SessionCheck, type SessionUserRow } from "@/lib/auth/credentials";
import { requireCheckedUser } from "@/lib/auth/guards";
import { visibleCourseSql, type Viewer } from "@/lib/auth/course-access";
import { takeAnswerAllowance } from "./answer-allowance";
import { CARD_STATE_COLUMNS, CARD_STATE_SRS_COLUMNS, insertColumnsAndValues, insertColumnsSelected, logColumns, type MissingRow, REVIEW_LOG_ANSWER_COLUMNS, setList } from "./rows";
import { answerInputSchema, type AnswerInput } from "./schemas";
import { schedulingContextOf } from "./scheduling-context";
import { holdSettingsSteadySql, settingsVersionHeldSql } from "./settings";
import {
  parseSnapshot,
  snapshotOf,
  snapshotToJson,
  srsToRowData,
  type StateSnapshot,
  toCardStateDto,
  unstudiedSnapshot,
} from "./state";

/** Client clocks drift: a time this far ahead is taken as "now"; further ahead is refused. */
export const CLOCK_SKEW_MS = 2 * 60_000;
export const OFFLINE_MAX_AGE_MS = 30 * 24 * 60 * 60_000;

/** `leech`: this answer made the card a leech and suspended it (false on a replayed answer). */
export type AnswerOutcome = { card: CardStateDto; replayed: boolean; leech?: boolean };

/** Resolves when an answer happened: the server's clock, or a client time for answers made offline. */
export function effectiveReviewTime(reviewedAt: string | undefined, now: Date): Date {
  if (!reviewedAt) return now;
  const at = new Date(reviewedAt);
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) throw new ValidationError({ reviewedAt: ["is in the future"] });
  if (at.getTime() < now.getTime() - OFFLINE_MAX_AGE_MS) {
    throw new ValidationError({ reviewedAt: ["is more than 30 days old"] });
  }
  return at.getTime() > now.getTime() ? now : at;
}

/**
 * Locks the student's state row for this card, creating it (as new) on the first answer. Most calls
 * find the row, so the lock comes first and the insert only when there is none. Two first answers
 * racing both insert with ON CONFLICT DO NOTHING (the second waits for the first to commit) and then
 * lock the one row; each lock is its own statement, so it sees a row committed while it waited.
 * Raw SQL throughout: this is on every answer's path (see lib/db/raw.ts).
 */
export async function lockCardState(tx: Tx, userId: string, cardId: string, courseId: string, now: Date): Promise<CardStateRow> {
  const lock = () => tx.$queryRaw<CardStateRow[]>`
    SELECT * FROM "CardState" WHERE "userId" = ${userId} AND "cardId" = ${cardId} FOR UPDATE`;
  let [row] = await lock();
  if (!row) {
    const fresh = srsToRowData(unstudiedSnapshot(now));
    const stamp = new Date(); // what Prisma's now() would put in createdAt and updatedAt
    const values = { id: newRowId(), userId, cardId, courseId, ...fresh, suspended: false, version: 0, createdAt: stamp, updatedAt: stamp };
    await tx.$executeRaw`
      INSERT INTO "CardState" ${insertColumnsAndValues(CARD_STATE_COLUMNS, values)}
      ON CONFLICT ("userId", "cardId") DO NOTHING`;
    [row] = await lock();
  }
  if (!row) throw new Error("card state vanished while locked");
  return row;
}

/**
 * Finds the card the student wants to study (it must exist and not be archived) and, in the same
 * statement, takes the shared settings lock of its course (`holdSettingsSteady`): the course comes
 * from the card, never from the client. The statement locks no row, so the settings lock is always
 * taken before the CardState row lock that follows, as the settings change's lock order requires.
 * An archived or missing card takes no lock.
 */
export async function findStudyableCardHoldingSettings(tx: Tx, actor: Viewer, cardId: string) {
  const [card] = await tx.$queryRaw<{ id: string; courseId: string; archived: boolean }[]>`
    SELECT c.id, c."courseId", c.archived,
           CASE WHEN c.archived THEN false
                ELSE (SELECT true FROM ${holdSettingsSteadySql(actor.id, Prisma.sql`c."courseId"`)}) END AS "settingsHeld"
    FROM "Card" c JOIN "Course" vc ON vc.id = c."courseId"
    WHERE c.id = ${cardId} AND ${visibleCourseSql(actor, "vc")}`;
  if (!card || card.archived) throw new NotFoundError(CARD_NOT_FOUND);
  return { id: card.id, courseId: card.courseId };
}

/** A card of a course the student cannot see answers as one that does not exist. */
const CARD_NOT_FOUND = "No such card, or it is no longer part of the course.";

type EarlierLog = { cardId: string; rating: number; stateAfter: unknown };

/** A log already stored under the answer's idempotency key: its first result, or a conflict if the body differs. */
function replayOf(log: EarlierLog, input: AnswerInput): AnswerOutcome {
  if (log.cardId !== input.cardId || log.rating !== input.rating) {
    throw new ConflictError("This idempotency key was already used for a different answer.");
  }
  return { card: toCardStateDto(log.cardId, parseSnapshot(log.stateAfter)), replayed: true };
}

/**
 * What an answer reads under its lock, in one statement: the log already stored under the key, the
 * latest standing log's time and the student's settings for the course (null columns when none).
 * It must be a statement of its own after the lock: a statement's snapshot predates its lock waits,
 * and a retry of this answer may have committed while this one waited for the row.
 */
async function readUnderLock(tx: Tx, userId: string, card: { id: string; courseId: string }, idempotencyKey: string) {
  const [facts] = await tx.$queryRaw<
    ({ earlier: EarlierLog | null; latestReviewedAt: Date | null } & (CourseSettings | MissingRow<CourseSettings>))[]
  >`
    SELECT
      (SELECT jsonb_build_object('cardId', l."cardId", 'rating', l.rating, 'stateAfter', l."stateAfter")
         FROM "ReviewLog" l WHERE l."userId" = ${userId} AND l."idempotencyKey" = ${idempotencyKey}) AS earlier,
      (SELECT max(l."reviewedAt") FROM "ReviewLog" l
        WHERE l."userId" = ${userId} AND l."cardId" = ${card.id} AND NOT l.undone) AS "latestReviewedAt",
      cs.*
    FROM (SELECT 1) AS one
    LEFT JOIN "CourseSettings" cs ON cs."userId" = ${userId} AND cs."courseId" = ${card.courseId}`;
  const { earlier, latestReviewedAt, ...settings } = facts!;
  if (settings.id === null) return { earlier, latestReviewedAt, settings: null };
  // The ORM reads a NULL list column as []; a raw read gives null.
  return { earlier, latestReviewedAt, settings: { ...settings, weights: settings.weights ?? [] } as CourseSettings };
}

/** The facts an answer is decided on, however they were read (under locks, or in one snapshot). */
type AnswerFacts = {
  card: { id: string; courseId: string };
  before: StateSnapshot;
  earlier: EarlierLog | null;
  latestReviewedAt: Date | null;
  settings: CourseSettings | null;
};

/** What an answer does: replay its key's first result, or write this log and state. */
type AnswerDecision =
  | { replay: AnswerOutcome }
  | { replay?: undefined; outcome: AnswerOutcome; state: ReturnType<typeof srsToRowData>; after: StateSnapshot; logValues: Record<(typeof REVIEW_LOG_ANSWER_COLUMNS)[number], unknown>; stamp: Date };

/**
 * The answer's rules, on facts read consistently (the locking transaction and the optimistic path
 * share them): a replay of the key's first result, the version and offline-time conflicts, the
 * schedule, the leech suspension, and the rows to write.
 */
function decideAnswer(userId: string, input: AnswerInput, now: Date, receivedReviewedAt: Date, facts: AnswerFacts): AnswerDecision {
  const { card, before, earlier, latestReviewedAt } = facts;
  if (earlier) return { replay: replayOf(earlier, input) };
  if (input.version !== undefined && input.version !== before.version) {
    throw new ConflictError("The card changed since it was shown (answered on another device?).", {
      card: toCardStateDto(card.id, before),
    });
  }
  // An answer given now (online, or an offline time the server clock caught up with) that waited for
  // the row lock behind another answer follows it: its clock, taken before the wait, may trail that
  // answer's time. An offline answer keeps its own time and is refused below when it is older.
  // A reset clears lastReview, so the latest standing log (resets included) is what bounds both.
  let reviewedAt = receivedReviewedAt;
  const answeredNow = !input.reviewedAt || reviewedAt.getTime() === now.getTime();
  if (answeredNow) reviewedAt = strictlyAfter(reviewedAt, latestReviewedAt);
  if (latestReviewedAt && reviewedAt < latestReviewedAt) {
    throw new ConflictError("This answer is older than the card's latest review and was not applied.", {
      card: toCardStateDto(card.id, before),
    });
  }
  const context = schedulingContextOf(facts.settings);
  let outcome;
  try {
    outcome = scheduleAnswer(before, input.rating as SrsRating, reviewedAt, context.params, context.dayRule);
  } catch (error) {
    if (error instanceof ReviewBeforeLastReviewError) {
      throw new ConflictError("This answer is older than the card's latest review and was not applied.", {
        card: toCardStateDto(card.id, before),
      });
    }
    throw error;
  }
  // A card that just became a leech is suspended (the student may keep studying it).
  const leech = becameLeech(before.lapses, outcome.state.lapses, context.settings.leechThreshold);
  const after = { ...outcome.state, suspended: before.suspended || leech, version: before.version + 1 };
  const stamp = new Date(); // what Prisma's now() would put in createdAt and updatedAt
  const logValues = {
    id: newRowId(),
    userId,
    cardId: card.id,
    courseId: card.courseId,
    kind: "answer",
    ...logColumns(outcome.log),
    reviewedAt,
    idempotencyKey: input.idempotencyKey,
    durationMs: input.durationMs ?? null,
    stateBefore: JSON.stringify(snapshotToJson(before)),
    stateAfter: JSON.stringify(snapshotToJson(after)),
    // The server's clock at receipt: lateness is judged by it (docs/decisions/0013-offline-answer-times.md).
    receivedAt: now,
    createdAt: stamp,
  };
  return { outcome: { card: toCardStateDto(card.id, after), replayed: false, leech }, state: srsToRowData(outcome.state), after, logValues, stamp };
}

/**
 * Answers one card. The same idempotency key again returns the first result and writes nothing.
 *
 * First optimistically, in two round trips and no transaction of its own (`answerOptimistically`);
 * when something changed between its read and its write, in one locking transaction
 * (`answerUnderLocks`). Both decide by `decideAnswer`, so they give the same results; see
 * docs/decisions/0019-answer-in-two-round-trips.md.
 */
export async function answerCard(
  actor: Actor,
  rawInput: unknown,
  now: Date,
  options: { allowanceTaken?: boolean } = {},
): Promise<AnswerOutcome> {
  const input = parseInput(answerInputSchema, rawInput);
  return answerParsed({ actor }, input, now, options.allowanceTaken ?? false);
}

/**
 * `answerCard` for the answer route, with the session's re-check folded into the answer's first
 * statement (one round trip fewer on every answer). The refusals come in the order the guards give
 * them: 401 (no valid session), then `authorize`'s (the outbox owner's 403), then bad input (400),
 * then the answer's own; so a refusal found before the database was read runs `checkSession` (the
 * guard and `authorize`) first.
 */
export async function answerCardInSession(
  session: SessionCheck,
  rawInput: unknown,
  now: Date,
  authorize: (actor: Actor) => void,
  checkSession: () => Promise<Actor>,
): Promise<AnswerOutcome> {
  const parsed = answerInputSchema.safeParse(rawInput);
  if (!parsed.success) {
    await checkSession();
    parseInput(answerInputSchema, rawInput); // throws the ValidationError naming the fields
  }
  return answerParsed({ session, authorize }, parsed.data as AnswerInput, now, false);
}

type Answerer = { actor: Actor; session?: undefined; authorize?: undefined } | { actor?: undefined; session: SessionCheck; authorize: (actor: Actor) => void };

async function answerParsed(who: Answerer, input: AnswerInput, now: Date, allowanceTaken: boolean): Promise<AnswerOutcome> {
  let userId = who.actor?.id ?? who.session!.id;
  try {
    const optimistic = await answerOptimistically(who, input, now, allowanceTaken);
    if (optimistic.outcome) return optimistic.outcome;
    userId = optimistic.actor.id;
    return await answerUnderLocks(optimistic.actor, input, now, optimistic.receivedReviewedAt);
  } catch (error) {
    // The same key raced in on another card's row: the first writer won; answer as it did.
    if (isUniqueViolation(error)) {
      const earlier = await db().reviewLog.findUnique({
        where: { userId_idempotencyKey: { userId, idempotencyKey: input.idempotencyKey } },
        select: { cardId: true, rating: true, stateAfter: true },
      });
      if (earlier) return replayOf(earlier, input);
    }
    throw error;
  }
}

/** What the optimistic read returns: everything an answer is decided on, in one statement. */
type FactsRow = Partial<CardStateRow> & {
  /** With whether its course is visible to the user as a student and as staff (the re-checked role picks one). */
  answerCard: { id: string; courseId: string; archived: boolean; visibleToStudent: boolean; visibleToStaff: boolean } | null;
  answerSettings: (Record<string, unknown> & { settingsVersion: string }) | null;
  answerEarlier: EarlierLog | null;
  answerLatestReviewedAt: Date | null;
  answerSessionUser: SessionUserRow | null;
};

/** A CourseSettings row read as JSON (its timestamps come without a zone, in UTC). */
function settingsFromJson(json: Record<string, unknown>): CourseSettings {
  const utc = (value: unknown) => new Date(`${String(value)}Z`);
  return { ...json, weights: (json.weights as number[] | null) ?? [], createdAt: utc(json.createdAt), updatedAt: utc(json.updatedAt) } as CourseSettings;
}

/**
 * The answer in two round trips, with no transaction of its own:
 *
 * 1. one read, no locks: the session's user (when the route folds its re-check in), the card, the
 *    student's state row, settings (with the row's version), the log already stored under the key
 *    and the latest standing log's time;
 * 2. one conditional write (`WITH state AS (UPDATE … WHERE version = read version …), log AS (INSERT …
 *    FROM state)`): it applies only if the state row is still the version read, and, checked after
 *    taking the shared settings lock, the settings row too. A retry of the same answer that won
 *    meanwhile changed the version (same card) or holds the key (the unique index refuses the log).
 *
 * Anything that changes a card's history (answer, undo, reset, suspension, rescheduling) bumps its
 * state's version, so an unchanged version means the facts read still hold. When the write applies
 * to nothing, the answer is decided again under locks. `outcome` is undefined then.
 */
async function answerOptimistically(who: Answerer, input: AnswerInput, now: Date, allowanceTaken: boolean) {
  const userId = who.actor?.id ?? who.session!.id;
  const [row] = await db().$queryRaw<FactsRow[]>`
    SELECT s.*,
      (SELECT jsonb_build_object('id', c.id, 'courseId', c."courseId", 'archived', c.archived,
                'visibleToStudent', ${visibleCourseSql({ id: userId, role: "student" }, "vc")},
                'visibleToStaff', ${visibleCourseSql({ id: userId, role: "instructor" }, "vc")})
         FROM "Card" c JOIN "Course" vc ON vc.id = c."courseId" WHERE c.id = ${input.cardId}) AS "answerCard",
      (SELECT to_jsonb(cs) || jsonb_build_object('settingsVersion', cs.xmin::text)
         FROM "Card" c JOIN "CourseSettings" cs ON cs."courseId" = c."courseId" AND cs."userId" = ${userId}
        WHERE c.id = ${input.cardId}) AS "answerSettings",
      (SELECT jsonb_build_object('cardId', l."cardId", 'rating', l.rating, 'stateAfter', l."stateAfter")
         FROM "ReviewLog" l WHERE l."userId" = ${userId} AND l."idempotencyKey" = ${input.idempotencyKey}) AS "answerEarlier",
      (SELECT max(l."reviewedAt") FROM "ReviewLog" l
        WHERE l."userId" = ${userId} AND l."cardId" = ${input.cardId} AND NOT l.undone) AS "answerLatestReviewedAt",
      ${who.session ? sessionUserSql(who.session) : Prisma.sql`NULL::jsonb`} AS "answerSessionUser"
    FROM (SELECT 1) AS one
    LEFT JOIN "CardState" s ON s."userId" = ${userId} AND s."cardId" = ${input.cardId}`;
  const facts = row!;
  const actor = who.actor ?? requireCheckedUser(who.session!, facts.answerSessionUser);
  who.authorize?.(actor);
  if (!allowanceTaken) takeAnswerAllowance(actor.id, 1, now);
  const receivedReviewedAt = effectiveReviewTime(input.reviewedAt, now);
  const card = facts.answerCard;
  const visible = card && (actor.role === "admin" || (actor.role === "student" ? card.visibleToStudent : card.visibleToStaff));
  if (!card || card.archived || !visible) throw new NotFoundError(CARD_NOT_FOUND);
  const stateRow = facts.id ? (facts as CardStateRow) : null;
  const settingsVersion = facts.answerSettings?.settingsVersion ?? null;
  const decision = decideAnswer(actor.id, input, now, receivedReviewedAt, {
    card: { id: card.id, courseId: card.courseId },
    before: stateRow ? snapshotOf(stateRow) : unstudiedSnapshot(now),
    earlier: facts.answerEarlier,
    latestReviewedAt: facts.answerLatestReviewedAt,
    settings: facts.answerSettings ? settingsFromJson(facts.answerSettings) : null,
  });
  if (decision.replay) return { actor, receivedReviewedAt, outcome: decision.replay };

  const { after, state, stamp, logValues } = decision;
  const settingsUnchanged = Prisma.sql`${settingsVersionHeldSql(actor.id, card.courseId)} IS NOT DISTINCT FROM ${settingsVersion}`;
  const writeState = stateRow
    ? Prisma.sql`
        UPDATE "CardState" SET ${setList(CARD_STATE_SRS_COLUMNS, state)}, suspended = ${after.suspended}, version = ${after.version}, "updatedAt" = ${stamp}
        WHERE id = ${stateRow.id} AND version = ${stateRow.version} AND ${settingsUnchanged}
        RETURNING id`
    : Prisma.sql`
        INSERT INTO "CardState" ${insertColumnsSelected(CARD_STATE_COLUMNS, {
          id: newRowId(), userId: actor.id, cardId: card.id, courseId: card.courseId, ...state,
          suspended: after.suspended, version: after.version, createdAt: stamp, updatedAt: stamp,
        })} WHERE ${settingsUnchanged}
        ON CONFLICT ("userId", "cardId") DO NOTHING
        RETURNING id`;
  const [written] = await db().$queryRaw<{ written: number }[]>`
    WITH state AS (${writeState}),
    log AS (INSERT INTO "ReviewLog" ${insertColumnsSelected(REVIEW_LOG_ANSWER_COLUMNS, logValues)} FROM state)
    SELECT count(*)::int AS written FROM state`;
  return { actor, receivedReviewedAt, outcome: written!.written === 1 ? decision.outcome : undefined };
}

/**
 * The answer in one locking transaction: lock the student's state row, decide under the lock, append
 * the log (with the state before and after) and store the new state. Raw SQL, six round trips (BEGIN,
 * card and settings lock, row lock, reads under the lock, the write, COMMIT). The ReviewLog trigger
 * that keeps CardReviewSummary fires on the raw INSERT as on any other.
 */
async function answerUnderLocks(actor: Actor, input: AnswerInput, now: Date, receivedReviewedAt: Date): Promise<AnswerOutcome> {
  return db().$transaction(async (tx) => {
    const card = await findStudyableCardHoldingSettings(tx, actor, input.cardId);
    const row = await lockCardState(tx, actor.id, card.id, card.courseId, now);
    // Read under the lock, so concurrent retries of one answer serialise here.
    const { earlier, latestReviewedAt, settings } = await readUnderLock(tx, actor.id, card, input.idempotencyKey);
    const decision = decideAnswer(actor.id, input, now, receivedReviewedAt, { card, before: snapshotOf(row), earlier, latestReviewedAt, settings });
    if (decision.replay) return decision.replay;
    const { after, state, stamp, logValues } = decision;
    // The log and the state in one statement (a data-modifying WITH runs exactly once).
    await tx.$executeRaw`
      WITH log AS (INSERT INTO "ReviewLog" ${insertColumnsAndValues(REVIEW_LOG_ANSWER_COLUMNS, logValues)})
      UPDATE "CardState" SET ${setList(CARD_STATE_SRS_COLUMNS, state)}, suspended = ${after.suspended}, version = ${after.version}, "updatedAt" = ${stamp}
      WHERE id = ${row.id}`;
    return decision.outcome;
  });
}
