import "server-only";
import type { CardStateDto } from "@/lib/contracts";
import { Prisma, type CardState as CardStateRow, type CourseSettings } from "@prisma/client";
import { db, type Tx } from "@/lib/db/client";
import { isUniqueViolation, newRowId } from "@/lib/db/raw";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { answerCard as scheduleAnswer, becameLeech, ReviewBeforeLastReviewError, strictlyAfter, type SrsRating } from "@/lib/srs";
import { parseInput } from "@/lib/validation";
import type { Actor } from "@/lib/auth/actor";
import { takeAnswerAllowance } from "./answer-allowance";
import { CARD_STATE_COLUMNS, CARD_STATE_SRS_COLUMNS, insertColumnsAndValues, logColumns, type MissingRow, REVIEW_LOG_ANSWER_COLUMNS, setList } from "./rows";
import { answerInputSchema, type AnswerInput } from "./schemas";
import { schedulingContextOf } from "./scheduling-context";
import { holdSettingsSteadySql } from "./settings";
import {
  parseSnapshot,
  snapshotOf,
  snapshotToJson,
  srsToRowData,
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
export async function findStudyableCardHoldingSettings(tx: Tx, userId: string, cardId: string) {
  const [card] = await tx.$queryRaw<{ id: string; courseId: string; archived: boolean }[]>`
    SELECT c.id, c."courseId", c.archived,
           CASE WHEN c.archived THEN false
                ELSE (SELECT true FROM ${holdSettingsSteadySql(userId, Prisma.sql`c."courseId"`)}) END AS "settingsHeld"
    FROM "Card" c WHERE c.id = ${cardId}`;
  if (!card || card.archived) throw new NotFoundError("No such card, or it is no longer part of the course.");
  return { id: card.id, courseId: card.courseId };
}

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

/**
 * Answers one card in one transaction: lock the student's state row, compute the outcome, append the
 * log (with the state before and after) and store the new state. The same idempotency key again
 * returns the first result and writes nothing.
 *
 * Raw SQL, six round trips (BEGIN, card and settings lock, row lock, reads under the lock, the write,
 * COMMIT) where the ORM calls took eleven: each ORM call cost 2–3 ms of CPU to compile, which bound
 * the app's answers per second (docs/PERFORMANCE.md). The ReviewLog trigger that keeps CardReviewSummary
 * fires on the raw INSERT as on any other.
 */
export async function answerCard(
  actor: Actor,
  rawInput: unknown,
  now: Date,
  options: { allowanceTaken?: boolean } = {},
): Promise<AnswerOutcome> {
  const input = parseInput(answerInputSchema, rawInput);
  if (!options.allowanceTaken) takeAnswerAllowance(actor.id, 1, now);
  let reviewedAt = effectiveReviewTime(input.reviewedAt, now);
  try {
    return await db().$transaction(async (tx) => {
      const card = await findStudyableCardHoldingSettings(tx, actor.id, input.cardId);
      const row = await lockCardState(tx, actor.id, card.id, card.courseId, now);
      const { earlier, latestReviewedAt, settings } = await readUnderLock(tx, actor.id, card, input.idempotencyKey);
      // Checked under the lock, so concurrent retries of one answer serialise here.
      if (earlier) return replayOf(earlier, input);

      const before = snapshotOf(row);
      if (input.version !== undefined && input.version !== before.version) {
        throw new ConflictError("The card changed since it was shown (answered on another device?).", {
          card: toCardStateDto(card.id, before),
        });
      }
      // An answer given now (online, or an offline time the server clock caught up with) that waited for
      // the row lock behind another answer follows it: its clock, taken before the wait, may trail that
      // answer's time. An offline answer keeps its own time and is refused below when it is older.
      // A reset clears lastReview, so the latest standing log (resets included) is what bounds both.
      const answeredNow = !input.reviewedAt || reviewedAt.getTime() === now.getTime();
      if (answeredNow) reviewedAt = strictlyAfter(reviewedAt, latestReviewedAt);
      if (latestReviewedAt && reviewedAt < latestReviewedAt) {
        throw new ConflictError("This answer is older than the card's latest review and was not applied.", {
          card: toCardStateDto(card.id, before),
        });
      }
      const context = schedulingContextOf(settings);
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
      const log = logColumns(outcome.log);
      const state = srsToRowData(outcome.state);
      const stamp = new Date(); // what Prisma's now() would put in createdAt and updatedAt
      // The log and the state in one statement (a data-modifying WITH runs exactly once).
      const logValues = {
        id: newRowId(),
        userId: actor.id,
        cardId: card.id,
        courseId: card.courseId,
        kind: "answer",
        ...log,
        reviewedAt,
        idempotencyKey: input.idempotencyKey,
        durationMs: input.durationMs ?? null,
        stateBefore: JSON.stringify(snapshotToJson(before)),
        stateAfter: JSON.stringify(snapshotToJson(after)),
        // The server's clock at receipt: lateness is judged by it (docs/decisions/0013-offline-answer-times.md).
        receivedAt: now,
        createdAt: stamp,
      };
      await tx.$executeRaw`
        WITH log AS (INSERT INTO "ReviewLog" ${insertColumnsAndValues(REVIEW_LOG_ANSWER_COLUMNS, logValues)})
        UPDATE "CardState" SET ${setList(CARD_STATE_SRS_COLUMNS, state)}, suspended = ${after.suspended}, version = ${after.version}, "updatedAt" = ${stamp}
        WHERE id = ${row.id}`;
      return { card: toCardStateDto(card.id, after), replayed: false, leech };
    });
  } catch (error) {
    // The same key raced in on another card's row lock: the first writer won; answer as it did.
    if (isUniqueViolation(error)) {
      const earlier = await db().reviewLog.findUnique({
        where: { userId_idempotencyKey: { userId: actor.id, idempotencyKey: input.idempotencyKey } },
        select: { cardId: true, rating: true, stateAfter: true },
      });
      if (earlier) return replayOf(earlier, input);
    }
    throw error;
  }
}
