import "server-only";
import type { CardState } from "@prisma/client";
import type { Tx } from "@/lib/db/client";
import { findReplayMismatches, loadHistories } from "./history";
import type { SchedulingContext } from "./scheduling-context";
import { srsToRowData } from "./state";

/** Replays every card of the student in this course under `context` and stores what changed. */
export async function rescheduleCourse(tx: Tx, userId: string, courseId: string, context: SchedulingContext) {
  // Locked before reading history, so an answer either commits first (and is replayed) or waits.
  const rows = await tx.$queryRaw<CardState[]>`
    SELECT * FROM "CardState" WHERE "userId" = ${userId} AND "courseId" = ${courseId} ORDER BY id FOR UPDATE`;
  const histories = await loadHistories(tx, userId, courseId);
  const { mismatches } = findReplayMismatches(rows, histories, context);
  for (const { cardId, replayed } of mismatches) {
    if (!replayed) continue;
    await tx.cardState.update({
      where: { userId_cardId: { userId, cardId } },
      data: { ...srsToRowData(replayed), version: { increment: 1 } },
    });
  }
  return mismatches.length;
}
