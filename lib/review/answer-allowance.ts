import "server-only";
import { TooManyRequestsError } from "@/lib/errors";

/**
 * A per-student ceiling on answers, far above what a person does: a burst of 1,000 (two full
 * offline batches) refilled at one answer a second. A script writing thousands of review rows a
 * minute (the probe wrote 2,000 in 5.6 s through sync) gets 429 with Retry-After; the outbox waits
 * and retries. Kept in this process's memory (a token bucket per student): it bounds abuse, it is
 * not an exact quota, so each app instance counts on its own and nothing is written per answer.
 */
export const ANSWER_ALLOWANCE = { burst: 1_000, perSecond: 1 } as const;

const MAX_TRACKED_STUDENTS = 50_000;
const buckets = new Map<string, { tokens: number; atMs: number }>();

/** Takes `count` answers from the student's allowance, or throws TooManyRequestsError and takes none. */
export function takeAnswerAllowance(userId: string, count: number, now: Date): void {
  const nowMs = now.getTime();
  const bucket = buckets.get(userId) ?? { tokens: ANSWER_ALLOWANCE.burst, atMs: nowMs };
  const elapsedSeconds = Math.max(0, (nowMs - bucket.atMs) / 1000);
  const tokens = Math.min(ANSWER_ALLOWANCE.burst, bucket.tokens + elapsedSeconds * ANSWER_ALLOWANCE.perSecond);
  if (tokens < count) {
    const needed = Math.min(count, ANSWER_ALLOWANCE.burst) - tokens;
    throw new TooManyRequestsError(
      Math.max(1, Math.ceil(needed / ANSWER_ALLOWANCE.perSecond)),
      "Too many answers in a short time. Wait a little; answers made offline stay on the device meanwhile.",
    );
  }
  // Re-inserted so the map keeps the most recently active students last; the oldest go first.
  buckets.delete(userId);
  buckets.set(userId, { tokens: tokens - count, atMs: nowMs });
  if (buckets.size > MAX_TRACKED_STUDENTS) {
    const oldest = buckets.keys().next().value;
    if (oldest !== undefined) buckets.delete(oldest);
  }
}
