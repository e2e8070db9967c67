import { $Enums, Prisma } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { CARD_KINDS } from "@/lib/contracts";
import {
  CARD_STATE_COLUMNS,
  CARD_STATE_SRS_COLUMNS,
  QUEUE_CARD_COLUMNS,
  QUEUE_STATE_COLUMNS,
  REVIEW_LOG_ANSWER_COLUMNS,
  REVIEW_LOG_SRS_COLUMNS,
  REVIEW_LOG_UNDO_COLUMNS,
} from "@/lib/review/rows";
import { newCardState } from "@/lib/srs";

// Prisma's model metadata, generated from schema.prisma: the columns each model has today.
const cardStateColumns = Object.values(Prisma.CardStateScalarFieldEnum);
const reviewLogColumns = Object.values(Prisma.ReviewLogScalarFieldEnum);
const cardColumns = Object.values(Prisma.CardScalarFieldEnum);
const sorted = (columns: readonly string[]) => [...columns].sort();

describe("the hot paths' raw SQL columns match schema.prisma", () => {
  it("the first answer's CardState INSERT writes every column", () => {
    expect(sorted(CARD_STATE_COLUMNS)).toEqual(sorted(cardStateColumns));
  });

  it("an answer's ReviewLog INSERT writes every column but undo's two", () => {
    expect(sorted([...REVIEW_LOG_ANSWER_COLUMNS, ...REVIEW_LOG_UNDO_COLUMNS])).toEqual(sorted(reviewLogColumns));
  });

  it("the scheduling columns are exactly lib/srs's card state, in both tables", () => {
    const srsFields = sorted(Object.keys(newCardState(new Date("2026-01-05T10:00:00Z"))));
    expect(sorted(CARD_STATE_SRS_COLUMNS)).toEqual(srsFields);
    for (const column of REVIEW_LOG_SRS_COLUMNS) expect(reviewLogColumns).toContain(column);
  });

  it("the queue reads only columns that exist", () => {
    for (const column of QUEUE_STATE_COLUMNS) expect(cardStateColumns).toContain(column);
    for (const column of QUEUE_CARD_COLUMNS) expect(cardColumns).toContain(column);
  });

  it("the card kinds of lib/contracts are the database's", () => {
    expect(sorted(CARD_KINDS)).toEqual(sorted(Object.values($Enums.CardKind)));
  });
});
