import "server-only";
import { Prisma } from "@prisma/client";
import type { SrsResetLog, SrsReviewLog } from "@/lib/srs";

/**
 * The one place for the columns that the hot paths' raw SQL (answer, queue, undo, reset) names by
 * hand, and the mappers between those rows and lib/srs. Prisma's client checks its own queries
 * against schema.prisma; raw SQL it cannot, so tests/unit/review/rows.test.ts compares these lists with
 * Prisma's model metadata: a column added to, renamed in or dropped from the schema fails that test
 * until the SQL here follows.
 */

/** CardState's scheduling columns: every ts-fsrs Card field (lib/srs SrsCardState). */
export const CARD_STATE_SRS_COLUMNS = [
  "due",
  "stability",
  "difficulty",
  "elapsedDays",
  "scheduledDays",
  "learningSteps",
  "reps",
  "lapses",
  "state",
  "lastReview",
] as const satisfies readonly Prisma.CardStateScalarFieldEnum[];

/** Every CardState column, in the order of the first answer's INSERT. */
export const CARD_STATE_COLUMNS = [
  "id",
  "userId",
  "cardId",
  "courseId",
  ...CARD_STATE_SRS_COLUMNS,
  "suspended",
  "version",
  "createdAt",
  "updatedAt",
] as const satisfies readonly Prisma.CardStateScalarFieldEnum[];

/** ReviewLog's columns that mirror a ts-fsrs ReviewLog (see `logColumns`). */
export const REVIEW_LOG_SRS_COLUMNS = [
  "rating",
  "state",
  "due",
  "stability",
  "difficulty",
  "elapsedDays",
  "lastElapsedDays",
  "scheduledDays",
  "learningSteps",
] as const satisfies readonly Prisma.ReviewLogScalarFieldEnum[];

/** The columns an answer's INSERT writes: all but `undone` and `undoneAt`, which only undo sets. */
export const REVIEW_LOG_ANSWER_COLUMNS = [
  "id",
  "userId",
  "cardId",
  "courseId",
  "kind",
  ...REVIEW_LOG_SRS_COLUMNS,
  "reviewedAt",
  "idempotencyKey",
  "durationMs",
  "stateBefore",
  "stateAfter",
  "receivedAt",
  "createdAt",
] as const satisfies readonly Prisma.ReviewLogScalarFieldEnum[];
/** ReviewLog columns an answer leaves to their defaults. */
export const REVIEW_LOG_UNDO_COLUMNS = ["undone", "undoneAt"] as const satisfies readonly Prisma.ReviewLogScalarFieldEnum[];

/** What the queue reads of a student's card state. */
export const QUEUE_STATE_COLUMNS = ["cardId", ...CARD_STATE_SRS_COLUMNS, "suspended", "version"] as const satisfies readonly Prisma.CardStateScalarFieldEnum[];
/** What the queue reads of a card. */
export const QUEUE_CARD_COLUMNS = [
  "position",
  "lessonId",
  "kind",
  "prompt",
  "answer",
  "explanation",
  "sourceAnchor",
  "sourceQuote",
  "noteKey",
  "sources",
] as const satisfies readonly Prisma.CardScalarFieldEnum[];

/** A row read through a LEFT JOIN: each column may be NULL. */
export type NullableColumns<T> = { [K in keyof T]: T[K] | null };
/** A LEFT JOIN that found no row: every column NULL. */
export type MissingRow<T> = { [K in keyof T]: null };

/** Postgres types a raw statement must cast its parameters to (enums and JSON). */
const CASTS: Partial<Record<string, string>> = { state: '"CardStateKind"', kind: '"ReviewKind"', stateBefore: "jsonb", stateAfter: "jsonb" };

const quoted = (column: string) => `"${column}"`;

/** `alias."column", …` for a SELECT list. */
export function selectList(alias: string, columns: readonly string[]): Prisma.Sql {
  return Prisma.raw(columns.map((column) => `${alias}.${quoted(column)}`).join(", "));
}

/** `("a", "b", …) VALUES ($1, $2::"Enum", …)`: every listed column, each with its value. */
export function insertColumnsAndValues<C extends string>(columns: readonly C[], values: Record<C, unknown>): Prisma.Sql {
  return Prisma.sql`(${Prisma.raw(columns.map(quoted).join(", "))}) VALUES (${Prisma.join(columnValues(columns, values))})`;
}

/**
 * `("a", "b", …) SELECT $1, $2::"Enum", …` for an INSERT that the caller makes conditional (append
 * `FROM …` or `WHERE …`); PostgreSQL types each value by its target column, as in VALUES.
 */
export function insertColumnsSelected<C extends string>(columns: readonly C[], values: Record<C, unknown>): Prisma.Sql {
  return Prisma.sql`(${Prisma.raw(columns.map(quoted).join(", "))}) SELECT ${Prisma.join(columnValues(columns, values))}`;
}

function columnValues<C extends string>(columns: readonly C[], values: Record<C, unknown>): Prisma.Sql[] {
  return columns.map((column) => {
    const cast = CASTS[column];
    return cast ? Prisma.sql`${values[column]}::${Prisma.raw(cast)}` : Prisma.sql`${values[column]}`;
  });
}

/** `"a" = $1, "b" = $2::"Enum", …` for an UPDATE. */
export function setList<C extends string>(columns: readonly C[], values: Record<C, unknown>): Prisma.Sql {
  const assigned = columnValues(columns, values);
  return Prisma.join(columns.map((column, index) => Prisma.sql`${Prisma.raw(quoted(column))} = ${assigned[index]!}`));
}

/** The ReviewLog columns that mirror a ts-fsrs log. */
export function logColumns(log: SrsReviewLog | SrsResetLog) {
  return {
    rating: log.rating,
    state: log.state,
    due: log.due,
    stability: log.stability,
    difficulty: log.difficulty,
    elapsedDays: log.elapsedDays,
    lastElapsedDays: log.lastElapsedDays,
    scheduledDays: log.scheduledDays,
    learningSteps: log.learningSteps,
  } satisfies Record<(typeof REVIEW_LOG_SRS_COLUMNS)[number], unknown>;
}
