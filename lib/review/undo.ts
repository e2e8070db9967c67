import "server-only";
import type { CardStateDto } from "@/lib/contracts";
import type { ReviewLog } from "@prisma/client";
import { db } from "@/lib/db/client";
import { requireCourseBySlug } from "./course";
import { ConflictError } from "@/lib/errors";
import { notBefore } from "@/lib/srs";
import { parseInput } from "@/lib/validation";
import type { Actor } from "@/lib/auth/actor";
import { lockCardState } from "./answer";
import { undoInputSchema } from "./schemas";
import { loadSchedulingContext } from "./scheduling-context";
import { holdSettingsSteady } from "./settings";
import { parseSnapshot, srsToRowData, toCardStateDto } from "./state";

/** Undo reaches back over one study session, not into last week's history. */
export const UNDO_WINDOW_MS = 24 * 60 * 60_000;

export type UndoOutcome = { undone: { logId: string; cardId: string; rating: number }; card: CardStateDto };

/**
 * Takes back the student's latest standing answer (or reset) in the course: restores the card's exact
 * previous state from the log's snapshot (ts-fsrs `rollback` alone would lose the old due date) and
 * marks the log undone. Called again, it walks back one more.
 */
export async function undoLastReview(actor: Actor, rawInput: unknown, now: Date): Promise<UndoOutcome> {
  const { course: slug } = parseInput(undoInputSchema, rawInput);
  const course = await requireCourseBySlug(actor, slug);
  return db().$transaction(async (tx) => {
    await holdSettingsSteady(tx, actor.id, course.id);
    const [log] = await tx.$queryRaw<ReviewLog[]>`
      SELECT * FROM "ReviewLog"
      WHERE "userId" = ${actor.id} AND "courseId" = ${course.id} AND NOT "undone"
      ORDER BY "createdAt" DESC, "reviewedAt" DESC
      LIMIT 1
      FOR UPDATE`;
    if (!log || now.getTime() - log.createdAt.getTime() > UNDO_WINDOW_MS) {
      throw new ConflictError("There is no recent answer to undo.");
    }
    // Settings changes reschedule from history, which makes older snapshots stale.
    const context = await loadSchedulingContext(tx, actor.id, course.id);
    if (context.settings.updatedAt && log.createdAt < context.settings.updatedAt) {
      throw new ConflictError("Answers given before your settings last changed cannot be undone.");
    }
    const row = await lockCardState(tx, actor.id, log.cardId, course.id, now);
    // An answer to this card may have committed between choosing the log and locking the card.
    const latestForCard = await tx.reviewLog.findFirst({
      where: { userId: actor.id, cardId: log.cardId, undone: false },
      orderBy: [{ createdAt: "desc" }, { reviewedAt: "desc" }],
      select: { id: true },
    });
    if (latestForCard?.id !== log.id) throw new ConflictError("The card changed while undoing; undo again.");
    const before = parseSnapshot(log.stateBefore);
    // The suspension that came with the answer (it made the card a leech) goes with it; any other stays.
    const suspendedByAnswer = log.stateAfter !== null && parseSnapshot(log.stateAfter).suspended && !before.suspended;
    const restored = { ...before, suspended: suspendedByAnswer ? before.suspended : row.suspended, version: row.version + 1 };
    await tx.cardState.update({
      where: { id: row.id },
      data: { ...srsToRowData(restored), version: restored.version },
    });
    // `now` was taken before the log was read and may trail its writing by the lock wait.
    await tx.reviewLog.update({ where: { id: log.id }, data: { undone: true, undoneAt: notBefore(now, log.createdAt) } });
    return {
      undone: { logId: log.id, cardId: log.cardId, rating: log.rating },
      card: toCardStateDto(log.cardId, restored),
    };
  });
}
