import "server-only";
import type { CardStateDto } from "@/lib/contracts";
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db/client";
import { parseInput } from "@/lib/validation";
import type { Actor } from "@/lib/auth/actor";
import { findStudyableCardHoldingSettings, lockCardState } from "./answer";
import { cardActionInputSchema } from "./schemas";
import { resetLockedState } from "./reset";
import { snapshotOf, toCardStateDto } from "./state";

/**
 * Suspend or unsuspend a card (it leaves or rejoins the queue; its schedule is kept), or reset it to
 * new: the reset is logged with the state it had, so history and replay keep it.
 */
export async function applyCardAction(actor: Actor, rawInput: unknown, now: Date): Promise<CardStateDto> {
  const input = parseInput(cardActionInputSchema, rawInput);
  return db().$transaction(async (tx) => {
    const card = await findStudyableCardHoldingSettings(tx, actor, input.cardId);
    const row = await lockCardState(tx, actor.id, card.id, card.courseId, now);
    const before = snapshotOf(row);
    if (input.action !== "reset") {
      const suspended = input.action === "suspend";
      const after = { ...before, suspended, version: before.version + 1 };
      await tx.cardState.update({ where: { id: row.id }, data: { suspended, version: after.version } });
      return toCardStateDto(card.id, after);
    }
    const idempotencyKey = input.idempotencyKey ?? `reset:${randomUUID()}`;
    const repeated = await tx.reviewLog.findUnique({
      where: { userId_idempotencyKey: { userId: actor.id, idempotencyKey } },
      select: { id: true },
    });
    if (repeated) return toCardStateDto(card.id, before);
    return toCardStateDto(card.id, await resetLockedState(tx, row, idempotencyKey, now));
  });
}
