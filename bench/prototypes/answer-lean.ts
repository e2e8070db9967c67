/**
 * PROTOTYPE for the lead (lib/review/answer.ts is theirs): the same answer as `answerCard` — lock
 * the student's state row (creating it on the first answer), idempotency check under the lock,
 * version check, the latest-log bound on offline times (added to answer.ts in 8772e0f), schedule
 * with lib/srs, append the log, store the state — in five round trips
 * (BEGIN, lock+card, idempotency+settings, log+state in one statement, COMMIT) of raw SQL instead of
 * about ten ORM calls. Not used by the app; `compare-answer.ts` measures it against the real one.
 */
import { randomUUID } from "node:crypto";
import { Prisma, type CardState as CardStateRow, type CourseSettings } from "@prisma/client";
import { db } from "@/lib/db/client";
import { ConflictError, NotFoundError } from "@/lib/errors";
import type { Actor } from "@/lib/review/actor";
import { effectiveReviewTime, type AnswerOutcome } from "@/lib/review/answer";
import { answerInputSchema } from "@/lib/review/schemas";
import { schedulingContextOf } from "@/lib/review/settings";
import { parseSnapshot, snapshotOf, snapshotToJson, toCardStateDto, unstudiedSnapshot } from "@/lib/review/state";
import { answerCard as scheduleAnswer, type SrsRating } from "@/lib/srs";
import { parseInput } from "@/lib/validation";

type LockedRow = CardStateRow & { cardCourseId: string; archived: boolean };

export async function answerCardLean(actor: Actor, rawInput: unknown, now: Date): Promise<AnswerOutcome> {
  const input = parseInput(answerInputSchema, rawInput);
  const reviewedAt = effectiveReviewTime(input.reviewedAt, now);
  return db().$transaction(async (tx) => {
    const lock = () => tx.$queryRaw<LockedRow[]>`
      SELECT c."courseId" AS "cardCourseId", c.archived, s.*
      FROM "Card" c
      LEFT JOIN LATERAL (SELECT * FROM "CardState" s WHERE s."userId" = ${actor.id} AND s."cardId" = c.id FOR UPDATE) s ON true
      WHERE c.id = ${input.cardId}`;
    let [row] = await lock();
    if (!row || row.archived) throw new NotFoundError("No such card, or it is no longer part of the course.");
    if (row.id === null) {
      const fresh = unstudiedSnapshot(now);
      await tx.$executeRaw`
        INSERT INTO "CardState" (id, "userId", "cardId", "courseId", due, stability, difficulty, "elapsedDays", "scheduledDays",
          "learningSteps", reps, lapses, state, "lastReview", version, "updatedAt")
        VALUES (${`c${randomUUID().replaceAll("-", "").slice(0, 24)}`}, ${actor.id}, ${input.cardId}, ${row.cardCourseId}, ${fresh.due}, 0, 0, 0, 0, 0, 0, 0,
          'new', NULL, 0, ${now})
        ON CONFLICT ("userId", "cardId") DO NOTHING`;
      [row] = await lock();
    }
    const courseId = row!.cardCourseId;
    const [facts] = await tx.$queryRaw<{ earlier: { cardId: string; rating: number; stateAfter: unknown } | null; settings: CourseSettings | null; latest: Date | null }[]>`
      SELECT (SELECT jsonb_build_object('cardId', "cardId", 'rating', rating, 'stateAfter', "stateAfter")
                FROM "ReviewLog" WHERE "userId" = ${actor.id} AND "idempotencyKey" = ${input.idempotencyKey}) AS earlier,
             (SELECT to_jsonb(cs) FROM "CourseSettings" cs WHERE cs."userId" = ${actor.id} AND cs."courseId" = ${courseId}) AS settings,
             (SELECT max("reviewedAt") FROM "ReviewLog" WHERE "userId" = ${actor.id} AND "cardId" = ${input.cardId} AND NOT undone) AS latest`;
    if (facts?.earlier) {
      if (facts.earlier.cardId !== input.cardId || facts.earlier.rating !== input.rating) {
        throw new ConflictError("This idempotency key was already used for a different answer.");
      }
      return { card: toCardStateDto(input.cardId, parseSnapshot(facts.earlier.stateAfter)), replayed: true };
    }
    const before = snapshotOf(row!);
    if (input.version !== undefined && input.version !== before.version) {
      throw new ConflictError("The card changed since it was shown (answered on another device?).", { card: toCardStateDto(input.cardId, before) });
    }
    // As answer.ts since 8772e0f: a reset clears lastReview, so the latest standing log bounds offline times.
    if (facts?.latest && reviewedAt < facts.latest) {
      throw new ConflictError("This answer is older than the card's latest review and was not applied.", { card: toCardStateDto(input.cardId, before) });
    }
    const context = schedulingContextOf(facts?.settings ?? null);
    const outcome = scheduleAnswer(before, input.rating as SrsRating, reviewedAt, context.params, context.dayRule);
    const after = { ...outcome.state, suspended: before.suspended, version: before.version + 1 };
    const log = outcome.log;
    await tx.$executeRaw`
      WITH log AS (
        INSERT INTO "ReviewLog" (id, "userId", "cardId", "courseId", kind, rating, state, due, stability, difficulty, "elapsedDays",
          "lastElapsedDays", "scheduledDays", "learningSteps", "reviewedAt", "idempotencyKey", "durationMs", "stateBefore", "stateAfter")
        VALUES (${`c${randomUUID().replaceAll("-", "").slice(0, 24)}`}, ${actor.id}, ${input.cardId}, ${courseId}, 'answer', ${log.rating},
          ${log.state}::"CardStateKind", ${log.due}, ${log.stability}, ${log.difficulty}, ${log.elapsedDays}, ${log.lastElapsedDays},
          ${log.scheduledDays}, ${log.learningSteps}, ${reviewedAt}, ${input.idempotencyKey}, ${input.durationMs ?? null},
          ${JSON.stringify(snapshotToJson(before))}::jsonb, ${JSON.stringify(snapshotToJson(after))}::jsonb)
        RETURNING 1)
      UPDATE "CardState" SET due = ${after.due}, stability = ${after.stability}, difficulty = ${after.difficulty},
        "elapsedDays" = ${after.elapsedDays}, "scheduledDays" = ${after.scheduledDays}, "learningSteps" = ${after.learningSteps},
        reps = ${after.reps}, lapses = ${after.lapses}, state = ${after.state}::"CardStateKind", "lastReview" = ${after.lastReview},
        version = ${after.version}, "updatedAt" = ${now}
      WHERE id = ${row!.id}`;
    return { card: toCardStateDto(input.cardId, after), replayed: false };
  }).catch((error: unknown) => {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new ConflictError("retry");
    throw error;
  });
}
