/** Helpers for tests that run the real job worker against this file's database. */
import { db } from "@/lib/db/client";

/** Waits until no job of `queue` is waiting, retrying or running (pg-boss's own table). */
export async function waitForQueueIdle(queue: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await db().$queryRawUnsafe<{ open: number }[]>(
      `SELECT count(*)::int AS open FROM pgboss.job WHERE name = $1 AND state IN ('created', 'retry', 'active')`,
      queue,
    );
    if (row?.open === 0) return;
    if (Date.now() > deadline) throw new Error(`Queue ${queue} still has ${row?.open} open jobs after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
