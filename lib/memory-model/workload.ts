import "server-only";
import type { WorkloadRow } from "@/lib/srs";
import { simulateWorkload, WORKLOAD_RETENTIONS } from "@/lib/srs";
import { db } from "@/lib/db/client";
import { requireCourseBySlug } from "@/lib/review/course";
import { loadSchedulingContext } from "@/lib/review/scheduling-context";
import { rowToSrs } from "@/lib/review/state";
import type { Actor } from "@/lib/auth/actor";

export type WorkloadDto = { rows: WorkloadRow[]; studied: number; unseen: number; currentRetention: number; newPerDay: number };

/** Runs per retention: enough for stable means on a phone's page load (about a second for 100 cards). */
const RUNS = 2;

/**
 * The workload simulator over the signed-in student's own cards (their states now, the cards they
 * have not seen in course order) and their own weights, for several desired retentions. Seeded by the
 * student, so reloading the page gives the same figures.
 */
export async function getMyWorkload(actor: Actor, slug: string, now: Date): Promise<WorkloadDto> {
  const course = await requireCourseBySlug(slug);
  const [context, states, cards] = await Promise.all([
    loadSchedulingContext(db(), actor.id, course.id),
    db().cardState.findMany({ where: { userId: actor.id, courseId: course.id, suspended: false, card: { archived: false } } }),
    db().card.findMany({ where: { courseId: course.id, archived: false }, orderBy: { position: "asc" }, select: { id: true } }),
  ]);
  // A suspended card is neither studied nor waiting to be introduced.
  const suspended = new Set((await db().cardState.findMany({ where: { userId: actor.id, courseId: course.id, suspended: true }, select: { cardId: true } })).map((row) => row.cardId));
  const started = states.filter((state) => state.state !== "new");
  const startedIds = new Set(started.map((state) => state.cardId));
  const studied = started.map((state) => ({ cardId: state.cardId, scheduled: rowToSrs(state) }));
  const unseen = cards.filter((card) => !startedIds.has(card.id) && !suspended.has(card.id)).map((card) => card.id);
  const rows = simulateWorkload({
    studied,
    unseen,
    now,
    params: context.params,
    dayRule: context.dayRule,
    newPerDay: context.settings.newPerDay,
    reviewsPerDay: context.settings.reviewsPerDay,
    retentions: [...new Set([...WORKLOAD_RETENTIONS, context.params.desiredRetention])].sort((a, b) => a - b),
    runs: RUNS,
    seed: seedOf(actor.id),
  });
  return { rows, studied: studied.length, unseen: unseen.length, currentRetention: context.params.desiredRetention, newPerDay: context.settings.newPerDay };
}

function seedOf(text: string): number {
  let hash = 2166136261;
  for (let index = 0; index < text.length; index += 1) hash = Math.imul(hash ^ text.charCodeAt(index), 16777619);
  return hash >>> 0;
}
