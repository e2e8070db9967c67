import "server-only";
import type { CardState as CardStateRow } from "@prisma/client";
import type { DbClient } from "@/lib/db/client";
import { replayReviews, statesEqual, type ReviewEvent, type SrsCardState } from "@/lib/srs";
import type { SchedulingContext } from "./scheduling-context";
import { rowToSrs } from "./state";

/** Each card's standing history (undone answers left out), in the order it happened. */
export async function loadHistories(client: DbClient, userId: string, courseId: string): Promise<Map<string, ReviewEvent[]>> {
  const logs = await client.reviewLog.findMany({
    where: { userId, courseId, undone: false },
    orderBy: [{ reviewedAt: "asc" }, { createdAt: "asc" }],
    select: { cardId: true, kind: true, rating: true, reviewedAt: true },
  });
  const histories = new Map<string, ReviewEvent[]>();
  for (const log of logs) {
    const events = histories.get(log.cardId) ?? [];
    events.push(
      log.kind === "reset"
        ? { kind: "reset", reviewedAt: log.reviewedAt }
        : { kind: "answer", rating: log.rating as 1 | 2 | 3 | 4, reviewedAt: log.reviewedAt },
    );
    histories.set(log.cardId, events);
  }
  return histories;
}

export type ReplayMismatch = { cardId: string; stored: SrsCardState; replayed: SrsCardState | null };

/**
 * Compares each stored state with the replay of its history. A state row with no history (a card
 * suspended before it was ever answered) must still be new.
 */
export function findReplayMismatches(
  rows: CardStateRow[],
  histories: Map<string, ReviewEvent[]>,
  context: SchedulingContext,
): { mismatches: ReplayMismatch[]; replayed: Map<string, SrsCardState | null> } {
  const mismatches: ReplayMismatch[] = [];
  const replayed = new Map<string, SrsCardState | null>();
  for (const row of rows) {
    const stored = rowToSrs(row);
    const replay = replayReviews(histories.get(row.cardId) ?? [], context.params, context.dayRule);
    replayed.set(row.cardId, replay);
    const matches = replay ? statesEqual(stored, replay) : stored.state === "new" && stored.reps === 0;
    if (!matches) mismatches.push({ cardId: row.cardId, stored, replayed: replay });
  }
  return { mismatches, replayed };
}
