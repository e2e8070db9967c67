import "server-only";
import type { CardState as CardStateRow } from "@prisma/client";
import type { Tx } from "@/lib/db/client";
import { buildResetLog, resetCard } from "@/lib/srs";
import { logColumns } from "./rows";
import { snapshotOf, snapshotToJson, srsToRowData, type StateSnapshot } from "./state";

/**
 * Starts a locked card state over as new and logs the reset with the state it had, so replay and
 * history keep it. Suspension is kept.
 */
export async function resetLockedState(tx: Tx, row: CardStateRow, idempotencyKey: string, now: Date): Promise<StateSnapshot> {
  const before = snapshotOf(row);
  const after = { ...resetCard(now), suspended: before.suspended, version: before.version + 1 };
  await tx.reviewLog.create({
    data: {
      userId: row.userId,
      cardId: row.cardId,
      courseId: row.courseId,
      kind: "reset",
      ...logColumns(buildResetLog(before, now)),
      reviewedAt: now,
      idempotencyKey,
      stateBefore: snapshotToJson(before),
      stateAfter: snapshotToJson(after),
    },
  });
  await tx.cardState.update({ where: { id: row.id }, data: { ...srsToRowData(after), version: after.version } });
  return after;
}
