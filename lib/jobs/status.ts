import "server-only";
import { db } from "@/lib/db/client";
import { ForbiddenError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";
import { QUEUES } from "./queues";

export type QueueStatusDto = {
  name: string;
  /** Waiting to run (created), waiting for a retry, running now. */
  pending: number;
  retrying: number;
  active: number;
  /** Failed after their last retry, within the retention window (a week). */
  failed: number;
  completed: number;
  lastCompletedAt: string | null;
  lastFailure: { at: string; error: string } | null;
};

export type JobsOverviewDto = {
  /** False until a worker (or the app) has started once and installed the queue's tables. */
  installed: boolean;
  queues: QueueStatusDto[];
  schedules: { name: string; cron: string; timeZone: string | null }[];
  /** The newest failed jobs, any queue. */
  recentFailures: { id: string; queue: string; failedAt: string; retries: number; error: string }[];
};

type CountRow = { name: string; state: string; count: number; lastCompleted: Date | null };
type FailureRow = { id: string; name: string; completedOn: Date; retryCount: number; output: unknown };

function errorText(output: unknown): string {
  if (output && typeof output === "object") {
    const record = output as { message?: unknown; value?: unknown };
    if (typeof record.message === "string") return record.message;
    if (record.value !== undefined) return String(record.value);
  }
  return JSON.stringify(output ?? null).slice(0, 500);
}

/**
 * Admins only (the caller passes the guard's Actor): what the job queue holds, from pg-boss's own tables (live jobs and the archive of
 * the last week). Job payloads are not shown: they may name people.
 */
export async function getJobsOverview(actor: Actor): Promise<JobsOverviewDto> {
  if (actor.role !== "admin") throw new ForbiddenError();
  const [installed] = await db().$queryRaw<{ present: boolean }[]>`SELECT to_regclass('pgboss.job') IS NOT NULL AS present`;
  const names = Object.values(QUEUES).map((queue) => queue.name);
  if (!installed?.present) {
    return { installed: false, queues: names.map((name) => emptyStatus(name)), schedules: [], recentFailures: [] };
  }
  const [counts, failures, schedules] = await Promise.all([
    db().$queryRawUnsafe<CountRow[]>(`
      SELECT name, state::text AS state, count(*)::int AS count, max(completed_on) AS "lastCompleted"
      FROM (SELECT name, state, completed_on FROM pgboss.job UNION ALL SELECT name, state, completed_on FROM pgboss.archive) j
      WHERE name NOT LIKE '\\_\\_%'
      GROUP BY name, state`),
    db().$queryRawUnsafe<FailureRow[]>(`
      SELECT id::text AS id, name, completed_on AS "completedOn", retry_count AS "retryCount", output
      FROM (SELECT id, name, state, completed_on, retry_count, output FROM pgboss.job
            UNION ALL SELECT id, name, state, completed_on, retry_count, output FROM pgboss.archive) j
      WHERE state = 'failed' ORDER BY completed_on DESC NULLS LAST LIMIT 20`),
    db().$queryRawUnsafe<{ name: string; cron: string; timezone: string | null }[]>(
      `SELECT name, cron, timezone FROM pgboss.schedule ORDER BY name`,
    ),
  ]);
  const queues = names.map((name) => {
    const status = emptyStatus(name);
    for (const row of counts.filter((count) => count.name === name)) {
      if (row.state === "created") status.pending += row.count;
      if (row.state === "retry") status.retrying += row.count;
      if (row.state === "active") status.active += row.count;
      if (row.state === "failed") status.failed += row.count;
      if (row.state === "completed") {
        status.completed += row.count;
        status.lastCompletedAt = row.lastCompleted?.toISOString() ?? null;
      }
    }
    const failure = failures.find((row) => row.name === name);
    if (failure) status.lastFailure = { at: failure.completedOn.toISOString(), error: errorText(failure.output) };
    return status;
  });
  return {
    installed: true,
    queues,
    schedules: schedules.map((schedule) => ({ name: schedule.name, cron: schedule.cron, timeZone: schedule.timezone })),
    recentFailures: failures.map((row) => ({
      id: row.id,
      queue: row.name,
      failedAt: row.completedOn?.toISOString() ?? "",
      retries: row.retryCount,
      error: errorText(row.output),
    })),
  };
}

function emptyStatus(name: string): QueueStatusDto {
  return { name, pending: 0, retrying: 0, active: 0, failed: 0, completed: 0, lastCompletedAt: null, lastFailure: null };
}
