import "server-only";
import { randomBytes } from "node:crypto";
import { Prisma } from "@prisma/client";

/**
 * Helpers for writes in raw SQL (`$queryRaw`/`$executeRaw`), which hot paths use because every ORM
 * call costs milliseconds of query compilation in Prisma 6.19's client (docs/PERFORMANCE.md).
 */

/**
 * A row id for a raw INSERT, where Prisma's client does not fill in the schema's `@default(cuid())`:
 * shaped like a cuid ("c", the time in base 36, then 64 random bits; 25 characters of [a-z0-9]).
 */
export function newRowId(): string {
  return `c${Date.now().toString(36).padStart(8, "0")}${randomBytes(8).toString("hex")}`;
}

/** What the driver adapter reported, attached to Prisma's error for a raw statement's failure. */
type DriverErrorCause = { kind?: string; originalCode?: string; originalMessage?: string };

/**
 * The driver adapter's error behind a raw statement's failure. Prisma reports every failure of a raw
 * statement as "raw query failed" (P2010), whatever its cause — a constraint, a lost connection — so
 * callers that react to the cause must look at the driver's error.
 */
export function rawStatementCause(error: unknown): DriverErrorCause | undefined {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2010") return undefined;
  return (error.meta?.driverAdapterError as { cause?: DriverErrorCause } | undefined)?.cause;
}

/** A unique-constraint violation, from an ORM call (P2002) or from a raw statement (P2010). */
export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return true;
  const cause = rawStatementCause(error);
  return cause?.kind === "UniqueConstraintViolation" || cause?.originalCode === "23505";
}
