import "server-only";
import type { Tx } from "@/lib/db/client";
import { findReplayMismatches, loadHistories } from "./history";
import type { SchedulingContext } from "./settings";
import { srsToRowData } from "./state";

/** Replays every card of the student in this course under `context` and stores what changed. */
export async function rescheduleCourse(tx: Tx, userId: string, courseId: string, context: SchedulingContext) {
  const rows = await tx.cardState.findMany({ where: { userId, courseId } });
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
