/**
 * The kinds of card, spelled once. Everything else derives from this list: the content schema
 * (`z.enum(CARD_KINDS)`), the compiler's per-kind source schemas (a `Record<CardKind, …>`, so a new
 * kind fails to compile until it has one), the DTOs, and a test that checks Prisma's `CardKind` enum.
 */
export const CARD_KINDS = ["basic", "cloze"] as const;
export type CardKind = (typeof CARD_KINDS)[number];
