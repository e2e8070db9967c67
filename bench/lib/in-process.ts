/**
 * Measurements inside this process: the server time of building one queue (lib/review/queue.ts
 * `getReviewQueue` against the benchmark database, one call at a time so nothing queues) and the
 * scheduling cost of one answer in lib/srs.
 */
import { answerCard, type DayRule, type SchedulerParams, type SrsRating } from "@/lib/srs";
import { getReviewQueue } from "@/lib/review/queue";
import type { Snapshot } from "./simulate";
import { round, summarise } from "./stats";
import { testActor } from "@/tests/support/actors";

export async function queueServerTime(options: { userId: string; course: string; calls: number; warmup: number; limit?: number }) {
  const actor = testActor({ id: options.userId, role: "student" });
  const query = { course: options.course, ...(options.limit ? { limit: String(options.limit) } : {}) };
  let cards = 0;
  let counts = { new: 0, learning: 0, review: 0 };
  for (let index = 0; index < options.warmup; index += 1) await getReviewQueue(actor, query, new Date());
  const samples: number[] = [];
  for (let index = 0; index < options.calls; index += 1) {
    const started = performance.now();
    const queue = await getReviewQueue(actor, query, new Date());
    samples.push(performance.now() - started);
    cards = queue.cards.length;
    counts = { ...queue.counts };
  }
  const summary = summarise(samples);
  return { calls: samples.length, p50: round(summary.p50, 2), p95: round(summary.p95, 2), p99: round(summary.p99, 2), mean: round(summary.mean, 2), cards, counts };
}

/** lib/srs `answerCard` on real simulated states at the current time, for about `seconds`. */
export function schedulingCost(states: readonly Snapshot[], params: SchedulerParams, dayRule: DayRule, seconds: number) {
  const now = Date.now();
  const usable = states.filter((state) => !state.lastReview || state.lastReview.getTime() <= now);
  if (!usable.length) throw new Error("no states to answer");
  // Warm up the JIT and the day-start cache, as a long-running server would be.
  for (let index = 0; index < 2_000; index += 1) answerCard(usable[index % usable.length]!, ((index % 4) + 1) as SrsRating, new Date(now), params, dayRule);
  let operations = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  while (performance.now() < deadline) {
    for (let batch = 0; batch < 200; batch += 1, operations += 1) {
      answerCard(usable[operations % usable.length]!, ((operations % 4) + 1) as SrsRating, new Date(now + operations), params, dayRule);
    }
  }
  const elapsed = (performance.now() - started) / 1000;
  return { operations, opsPerSecond: round(operations / elapsed, 0), microsecondsPerOp: round((elapsed * 1e6) / operations, 1) };
}
