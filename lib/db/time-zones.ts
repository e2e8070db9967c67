import "server-only";
import { ValidationError } from "@/lib/errors";
import { db } from "./client";

/**
 * The time zones this database accepts. `Intl` (ICU) and Postgres ship different tz databases: a
 * few names pass `Intl` and are refused by Postgres (`US/Pacific-New`, `Canada/East-Saskatchewan`),
 * and every query that converts times in that zone then fails. A zone is stored only if both know it.
 * Read once per process from `pg_timezone_names` (about 1,200 names; the list changes only with a
 * Postgres upgrade, which restarts the app's connections anyway).
 */
let known: Promise<ReadonlySet<string>> | undefined;

export function databaseTimeZones(): Promise<ReadonlySet<string>> {
  known ??= db()
    .$queryRaw<{ name: string }[]>`SELECT name FROM pg_timezone_names`
    .then((rows) => new Set(rows.map((row) => row.name)))
    .catch((error: unknown) => {
      known = undefined; // a database outage must not be remembered as "no zones"
      throw error;
    });
  return known;
}

/** ValidationError naming `field` unless Postgres accepts the zone (call after the schema's `Intl` check). */
export async function assertDatabaseTimeZone(timeZone: string | undefined, field = "timeZone"): Promise<void> {
  if (timeZone === undefined) return;
  if (!(await databaseTimeZones()).has(timeZone)) {
    throw new ValidationError({ [field]: ["is not a time zone the database knows; choose another name for it"] });
  }
}
