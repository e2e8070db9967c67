import "server-only";
import { db, type Db } from "@/lib/db/client";
import { TooManyRequestsError } from "@/lib/errors";

/**
 * Sliding-window throttling kept in Postgres (`ThrottleEvent`), so every app instance counts the
 * same attempts. Each rule allows `limit` events per `windowSeconds` for one (bucket, key): e.g.
 * bucket "signin:account", key "ada@example.edu". Keys are compared exactly; normalise them first.
 *
 *   await consumeThrottle("class-join:user", user.id, { limit: 10, windowSeconds: 3600 });
 *
 * throws TooManyRequestsError (429 with Retry-After through `apiRoute`) once the window is full.
 */
export type ThrottleLimit = {
  limit: number;
  windowSeconds: number;
  /**
   * Growing delays instead of a wall: past `limit` events in the window, each further event must
   * wait `baseSeconds` × 2^(events over the limit) (at most `maxSeconds`) after the latest one.
   * Without it the window is a hard limit until its oldest event leaves it.
   */
  backoff?: { baseSeconds: number; maxSeconds: number };
};
export type ThrottleRule = ThrottleLimit & { bucket: string; key: string };

/** Past the free attempts, each further one waits 30 s, 1, 2, 4, 8 minutes... after the last (at most 15). */
export const GROWING_DELAY = { baseSeconds: 30, maxSeconds: 15 * 60 } as const;

/** The events one successful consume recorded; `releaseThrottle` takes them back. */
export type ThrottleTicket = { eventIds: string[] };

/** Rows older than this are pruned, so no window may be longer. */
export const MAX_THROTTLE_WINDOW_SECONDS = 24 * 60 * 60;
const PRUNE_PROBABILITY = 0.02;
const PRUNE_BATCH = 5_000;

export function consumeThrottle(bucket: string, key: string, limit: ThrottleLimit): Promise<ThrottleTicket> {
  return consumeThrottles([{ bucket, key, ...limit }]);
}

/**
 * Records one event under every rule, or none: if any rule's window is already full, throws
 * TooManyRequestsError with the longest wait. Per-key advisory locks make check-and-record atomic
 * across instances, so a burst of parallel requests cannot overshoot the limit.
 */
export async function consumeThrottles(rules: ThrottleRule[]): Promise<ThrottleTicket> {
  for (const rule of rules) assertValidRule(rule);
  const ordered = [...rules].sort((a, b) => lockName(a).localeCompare(lockName(b)));

  const ticket = await db().$transaction(async (tx): Promise<ThrottleTicket | { retryAfterSeconds: number }> => {
    let retryAfterSeconds = 0;
    for (const rule of ordered) {
      await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended(${lockName(rule)}, 0))) AS lock`;
      const wait = await secondsUntilRoom(tx, rule);
      retryAfterSeconds = Math.max(retryAfterSeconds, wait);
    }
    if (retryAfterSeconds > 0) return { retryAfterSeconds };

    const eventIds: string[] = [];
    for (const rule of ordered) {
      const [row] = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO "ThrottleEvent" (bucket, key, "createdAt")
        VALUES (${rule.bucket}, ${rule.key}, now() AT TIME ZONE 'UTC')
        RETURNING id::text AS id`;
      if (row) eventIds.push(row.id);
    }
    return { eventIds };
  });

  if (Math.random() < PRUNE_PROBABILITY) void pruneThrottleEvents().catch(() => {});
  if ("retryAfterSeconds" in ticket) throw new TooManyRequestsError(ticket.retryAfterSeconds);
  return ticket;
}

/** Takes back the events of one consume, e.g. a sign-in attempt that turned out to succeed. */
export async function releaseThrottle(ticket: ThrottleTicket): Promise<void> {
  if (ticket.eventIds.length === 0) return;
  await db().$executeRaw`DELETE FROM "ThrottleEvent" WHERE id = ANY(${ticket.eventIds}::bigint[])`;
}

/** Forgets every event for one (bucket, key), e.g. an account's failed sign-ins after a success. */
export async function resetThrottle(bucket: string, key: string): Promise<void> {
  await db().$executeRaw`DELETE FROM "ThrottleEvent" WHERE bucket = ${bucket} AND key = ${key}`;
}

/** Deletes events older than any window can reach, in bounded batches; returns how many went. */
export async function pruneThrottleEvents(olderThanSeconds = MAX_THROTTLE_WINDOW_SECONDS): Promise<number> {
  return db().$executeRaw`
    DELETE FROM "ThrottleEvent" WHERE id IN (
      SELECT id FROM "ThrottleEvent"
      WHERE "createdAt" < (now() AT TIME ZONE 'UTC') - make_interval(secs => ${olderThanSeconds})
      LIMIT ${PRUNE_BATCH}
    )`;
}

type Queryable = Pick<Db, "$queryRaw">;

/** How many events past the limit a backoff rule counts: enough for any delay to reach its cap. */
const BACKOFF_COUNT_CAP = 24;

/** 0 when one more event is allowed under the rule now, else seconds until it is. */
async function secondsUntilRoom(executor: Queryable, rule: ThrottleRule): Promise<number> {
  const counted = rule.backoff ? rule.limit + BACKOFF_COUNT_CAP : rule.limit;
  const [window] = await executor.$queryRaw<{ recent: number; untilOldestLeaves: number | null; sinceLatest: number | null }[]>`
    SELECT count(*)::int AS recent,
           ceil(extract(epoch FROM min(recent."createdAt") + make_interval(secs => ${rule.windowSeconds}) - (now() AT TIME ZONE 'UTC')))::int AS "untilOldestLeaves",
           extract(epoch FROM (now() AT TIME ZONE 'UTC') - max(recent."createdAt"))::float8 AS "sinceLatest"
    FROM (
      SELECT "createdAt" FROM "ThrottleEvent"
      WHERE bucket = ${rule.bucket} AND key = ${rule.key}
        AND "createdAt" > (now() AT TIME ZONE 'UTC') - make_interval(secs => ${rule.windowSeconds})
      ORDER BY "createdAt" DESC
      LIMIT ${counted}
    ) AS recent`;
  if (!window || window.recent < rule.limit) return 0;
  if (!rule.backoff) return Math.max(1, window.untilOldestLeaves ?? 1);
  return backoffWait(rule.backoff, window.recent - rule.limit, window.sinceLatest ?? 0);
}

/** Seconds still to wait after `over` events past the limit, the latest `sinceLatest` seconds ago. */
export function backoffWait(backoff: { baseSeconds: number; maxSeconds: number }, over: number, sinceLatest: number): number {
  const delay = Math.min(backoff.maxSeconds, backoff.baseSeconds * 2 ** Math.min(over, 30));
  const wait = Math.ceil(delay - sinceLatest);
  return wait > 0 ? wait : 0;
}

function lockName(rule: ThrottleRule) {
  // U+001F (unit separator): cannot appear in a normal bucket name, and unlike NUL Postgres text accepts it.
  return `throttle\u001f${rule.bucket}\u001f${rule.key}`;
}

function assertValidRule(rule: ThrottleRule) {
  if (!Number.isInteger(rule.limit) || rule.limit < 1)
    throw new Error(`Throttle ${rule.bucket}: limit must be a positive integer`);
  if (
    !Number.isInteger(rule.windowSeconds) ||
    rule.windowSeconds < 1 ||
    rule.windowSeconds > MAX_THROTTLE_WINDOW_SECONDS
  ) {
    throw new Error(`Throttle ${rule.bucket}: windowSeconds must be 1 to ${MAX_THROTTLE_WINDOW_SECONDS}`);
  }
}
