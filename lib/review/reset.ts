import "server-only";
import type { CardState as CardStateRow } from "@prisma/client";
import type { Tx } from "@/lib/db/client";
import { buildResetLog, resetCard, strictlyAfter } from "@/lib/srs";
import { logColumns } from "./rows";
import { snapshotOf, snapshotToJson, srsToRowData, type StateSnapshot } from "./state";

/**
 * Starts a locked card state over as new and logs the reset with the state it had, so replay and
 * history keep it. Suspension is kept. The reset is dated after the card's latest standing log: an
 * answer may have committed after `now` was taken, while this waited for the row lock, and history
 * (ordered by time) must put the reset after it.
 */
export async function resetLockedState(tx: Tx, row: CardStateRow, idempotencyKey: string, clock: Date): Promise<StateSnapshot> {
  const [{ latest } = { latest: null }] = await tx.$queryRaw<{ latest: Date | null }[]>`
    SELECT max("reviewedAt") AS latest FROM "ReviewLog"
    WHERE "userId" = ${row.userId} AND "cardId" = ${row.cardId} AND NOT undone`;
  const now = strictlyAfter(clock, latest);
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
