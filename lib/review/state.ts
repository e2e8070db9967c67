import "server-only";
import type { CardState as CardStateRow } from "@prisma/client";
import { z } from "zod";
import type { CardStateDto } from "@/lib/contracts";
import { newCardState, srsCardStateSchema, type SrsCardState } from "@/lib/srs";

/** What undo restores and what a repeated idempotency key returns: scheduling fields plus flags. */
export type StateSnapshot = SrsCardState & { suspended: boolean; version: number };


export function rowToSrs(row: Pick<CardStateRow, keyof SrsCardState>): SrsCardState {
  return {
    due: row.due,
    stability: row.stability,
    difficulty: row.difficulty,
    elapsedDays: row.elapsedDays,
    scheduledDays: row.scheduledDays,
    learningSteps: row.learningSteps,
    reps: row.reps,
    lapses: row.lapses,
    state: row.state,
    lastReview: row.lastReview,
  };
}

export function snapshotOf(row: Pick<CardStateRow, keyof SrsCardState | "suspended" | "version">): StateSnapshot {
  return { ...rowToSrs(row), suspended: row.suspended, version: row.version };
}

const snapshotSchema = srsCardStateSchema.extend({
  suspended: z.boolean(),
  version: z.int().min(0),
});

/** Snapshots are stored as JSON, so dates come back as ISO strings. */
export function parseSnapshot(json: unknown): StateSnapshot {
  return snapshotSchema.parse(json);
}

export function snapshotToJson(snapshot: StateSnapshot) {
  return {
    ...snapshot,
    due: snapshot.due.toISOString(),
    lastReview: snapshot.lastReview?.toISOString() ?? null,
  };
}

/** The fields of a CardState row that scheduling writes. */
export function srsToRowData(state: SrsCardState) {
  return {
    due: state.due,
    stability: state.stability,
    difficulty: state.difficulty,
    elapsedDays: state.elapsedDays,
    scheduledDays: state.scheduledDays,
    learningSteps: state.learningSteps,
    reps: state.reps,
    lapses: state.lapses,
    state: state.state,
    lastReview: state.lastReview,
  };
}

export function toCardStateDto(cardId: string, snapshot: StateSnapshot): CardStateDto {
  return {
    id: cardId,
    state: snapshot.state,
    due: snapshot.due.toISOString(),
    stability: snapshot.stability,
    difficulty: snapshot.difficulty,
    reps: snapshot.reps,
    lapses: snapshot.lapses,
    scheduledDays: snapshot.scheduledDays,
    learningSteps: snapshot.learningSteps,
    lastReview: snapshot.lastReview?.toISOString() ?? null,
    version: snapshot.version,
    suspended: snapshot.suspended,
  };
}

/** A card the student has never touched: the state it would get, version 0. */
export function unstudiedSnapshot(now: Date): StateSnapshot {
  return { ...newCardState(now), suspended: false, version: 0 };
}
