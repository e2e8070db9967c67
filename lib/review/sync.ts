import "server-only";
import type { CardStateDto } from "@/lib/contracts";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import type { Actor } from "@/lib/auth/actor";
import { answerCard, type AnswerOutcome } from "./answer";
import { syncInputSchema } from "./schemas";

export type SyncItemResult =
  | { idempotencyKey: string; status: "applied" | "duplicate"; card: CardStateDto }
  | { idempotencyKey: string; status: "rejected"; error: { code: string; message: string; details?: unknown } };

/**
 * Applies answers made offline, oldest first, each in its own transaction with its own idempotency
 * key, so a retry of the whole batch changes nothing already applied. Answers from two devices for
 * one card merge by time: an answer older than the card's latest review is rejected, not applied.
 * Results come back in the order the client sent them.
 */
export async function syncReviews(actor: Actor, rawInput: unknown, now: Date): Promise<{ results: SyncItemResult[] }> {
  const { reviews } = parseInput(syncInputSchema, rawInput);
  const order = reviews
    .map((review, index) => ({ review, index }))
    .sort(
      (a, b) =>
        Date.parse(a.review.reviewedAt) - Date.parse(b.review.reviewedAt) ||
        a.review.idempotencyKey.localeCompare(b.review.idempotencyKey),
    );
  const results: SyncItemResult[] = new Array(reviews.length);
  for (const { review, index } of order) {
    try {
      const outcome: AnswerOutcome = await answerCard(actor, review, now);
      results[index] = {
        idempotencyKey: review.idempotencyKey,
        status: outcome.replayed ? "duplicate" : "applied",
        card: outcome.card,
      };
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const details = (error as { details?: unknown; fields?: unknown }).details ?? (error as { fields?: unknown }).fields;
      results[index] = {
        idempotencyKey: review.idempotencyKey,
        status: "rejected",
        error: { code: error.code, message: error.message, ...(details === undefined ? {} : { details }) },
      };
    }
  }
  return { results };
}
