import "server-only";
import { Prisma, type CardState as CardStateRow } from "@prisma/client";
import { db, type DbClient, type Tx } from "@/lib/db/client";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { answerCard as scheduleAnswer, ReviewBeforeLastReviewError, type SrsRating } from "@/lib/srs";
import { parseInput } from "@/lib/validation";
import type { Actor } from "./actor";
import { logColumns } from "./reset";
import { answerInputSchema, type AnswerInput } from "./schemas";
import { holdSettingsSteady, loadSchedulingContext } from "./settings";
import {
  parseSnapshot,
  snapshotOf,
  snapshotToJson,
  srsToRowData,
  toCardStateDto,
  unstudiedSnapshot,
  type CardStateDto,
} from "./state";

/** Client clocks drift: a time this far ahead is taken as "now"; further ahead is refused. */
export const CLOCK_SKEW_MS = 2 * 60_000;
export const OFFLINE_MAX_AGE_MS = 30 * 24 * 60 * 60_000;

export type AnswerOutcome = { card: CardStateDto; replayed: boolean };

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

/** Locks the student's state row for this card, creating it (as new) on the first answer. */
export async function lockCardState(tx: Tx, userId: string, cardId: string, courseId: string, now: Date) {
  const fresh = unstudiedSnapshot(now);
  await tx.cardState.createMany({
    data: [{ userId, cardId, courseId, ...srsToRowData(fresh), version: 0 }],
    skipDuplicates: true,
  });
  const [row] = await tx.$queryRaw<CardStateRow[]>`
    SELECT * FROM "CardState" WHERE "userId" = ${userId} AND "cardId" = ${cardId} FOR UPDATE`;
  if (!row) throw new Error("card state vanished while locked");
  return row;
}

export async function findStudyableCard(client: Tx, cardId: string) {
  const card = await client.card.findUnique({ where: { id: cardId }, select: { id: true, courseId: true, archived: true } });
  if (!card || card.archived) throw new NotFoundError("No such card, or it is no longer part of the course.");
  return card;
}

async function previousOutcome(client: DbClient, userId: string, input: AnswerInput): Promise<AnswerOutcome | null> {
  const log = await client.reviewLog.findUnique({
    where: { userId_idempotencyKey: { userId, idempotencyKey: input.idempotencyKey } },
    select: { cardId: true, rating: true, stateAfter: true },
  });
  if (!log) return null;
  if (log.cardId !== input.cardId || log.rating !== input.rating) {
    throw new ConflictError("This idempotency key was already used for a different answer.");
  }
  return { card: toCardStateDto(log.cardId, parseSnapshot(log.stateAfter)), replayed: true };
}

/**
 * Answers one card in one transaction: lock the student's state row, compute the outcome, append the
 * log (with the state before and after) and store the new state. The same idempotency key again
 * returns the first result and writes nothing.
 */
export async function answerCard(actor: Actor, rawInput: unknown, now: Date): Promise<AnswerOutcome> {
  const input = parseInput(answerInputSchema, rawInput);
  const reviewedAt = effectiveReviewTime(input.reviewedAt, now);
  try {
    return await db().$transaction(async (tx) => {
      const card = await findStudyableCard(tx, input.cardId);
      await holdSettingsSteady(tx, actor.id, card.courseId);
      const row = await lockCardState(tx, actor.id, card.id, card.courseId, now);
      // Checked under the lock, so concurrent retries of one answer serialise here.
      const earlier = await previousOutcome(tx, actor.id, input);
      if (earlier) return earlier;

      const before = snapshotOf(row);
      if (input.version !== undefined && input.version !== before.version) {
        throw new ConflictError("The card changed since it was shown (answered on another device?).", {
          card: toCardStateDto(card.id, before),
        });
      }
      // A reset clears lastReview, so the latest standing log (resets included) is what bounds offline times.
      const latest = await tx.reviewLog.findFirst({
        where: { userId: actor.id, cardId: card.id, undone: false },
        orderBy: { reviewedAt: "desc" },
        select: { reviewedAt: true },
      });
      if (latest && reviewedAt < latest.reviewedAt) {
        throw new ConflictError("This answer is older than the card's latest review and was not applied.", {
          card: toCardStateDto(card.id, before),
        });
      }
      const context = await loadSchedulingContext(tx, actor.id, card.courseId);
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
      const after = { ...outcome.state, suspended: before.suspended, version: before.version + 1 };
      await tx.reviewLog.create({
        data: {
          userId: actor.id,
          cardId: card.id,
          courseId: card.courseId,
          kind: "answer",
          ...logColumns(outcome.log),
          reviewedAt,
          idempotencyKey: input.idempotencyKey,
          durationMs: input.durationMs ?? null,
          stateBefore: snapshotToJson(before),
          stateAfter: snapshotToJson(after),
        },
      });
      await tx.cardState.update({
        where: { id: row.id },
        data: { ...srsToRowData(outcome.state), version: after.version },
      });
      return { card: toCardStateDto(card.id, after), replayed: false };
    });
  } catch (error) {
    // The same key raced in on another card's row lock: the first writer won; answer as it did.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const earlier = await previousOutcome(db(), actor.id, input);
      if (earlier) return earlier;
    }
    throw error;
  }
}
