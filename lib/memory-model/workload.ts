import "server-only";
import type { WorkloadRow } from "@/lib/srs";
import { simulateWorkload, WORKLOAD_RETENTIONS } from "@/lib/srs";
import { db } from "@/lib/db/client";
import { requireCourseBySlug } from "@/lib/review/course";
import { loadSchedulingContext } from "@/lib/review/scheduling-context";
import { rowToSrs } from "@/lib/review/state";
import type { Actor } from "@/lib/auth/actor";
import { classForInstructor } from "@/lib/classes/access";
import type { DbClient } from "@/lib/db/client";

export type WorkloadDto = { rows: WorkloadRow[]; studied: number; unseen: number; currentRetention: number; newPerDay: number };

/** Runs per retention: enough for stable means on a phone's page load (about a second for 100 cards). */
const RUNS = 2;

/**
 * The workload simulator over the signed-in student's own cards (their states now, the cards they
 * have not seen in course order) and their own weights, for several desired retentions. Seeded by the
 * student, so reloading the page gives the same figures.
 */
export async function getMyWorkload(actor: Actor, slug: string, now: Date): Promise<WorkloadDto> {
  const course = await requireCourseBySlug(actor, slug);
  const input = await workloadInput(db(), actor.id, course.id);
  const rows = simulateWorkload({
    ...input,
    now,
    retentions: retentionsAround(input.params.desiredRetention),
    runs: RUNS,
    seed: seedOf(actor.id),
  });
  return { rows, studied: input.studied.length, unseen: input.unseen.length, currentRetention: input.params.desiredRetention, newPerDay: input.newPerDay };
}

/** The class simulation runs one pass per sampled student: a page request stays within a few seconds. */
export const CLASS_WORKLOAD_SAMPLE = 8;

export type ClassWorkloadDto = {
  /** Per desired retention and horizon: the mean student's reviews a day and expected recall. */
  rows: WorkloadRow[];
  sampled: number;
  students: number;
};

/**
 * The workload simulator for a class: each sampled current student's own cards, weights and limits
 * simulated at several desired retentions, averaged per student. Simulating a student takes about
 * 0.1–1 s (more for long courses), so a class is sampled (a fixed, seeded choice per class, so a
 * reload shows the same figures) rather than simulated whole in the request.
 */
export async function getClassWorkload(actor: Actor, classId: string, now: Date): Promise<ClassWorkloadDto> {
  const client = db();
  const { cls } = await classForInstructor(client, actor, classId);
  const enrolled = await client.enrollment.findMany({ where: { classId: cls.id, removedAt: null }, select: { userId: true } });
  const sample = enrolled
    .map((row) => row.userId)
    .sort((a, b) => seedOf(`${cls.id}:${a}`) - seedOf(`${cls.id}:${b}`) || (a < b ? -1 : 1))
    .slice(0, CLASS_WORKLOAD_SAMPLE);
  const perStudent: WorkloadRow[][] = [];
  for (const userId of sample) {
    const input = await workloadInput(client, userId, cls.courseId);
    perStudent.push(simulateWorkload({ ...input, now, retentions: WORKLOAD_RETENTIONS, runs: 1, seed: seedOf(userId) }));
  }
  const rows = (perStudent[0] ?? []).map((row, index) => {
    const alike = perStudent.map((rows) => rows[index]!);
    const recalls = alike.flatMap((entry) => (entry.expectedRetention === null ? [] : [entry.expectedRetention]));
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    return {
      desiredRetention: row.desiredRetention,
      horizonDays: row.horizonDays,
      reviewsPerDay: mean(alike.map((entry) => entry.reviewsPerDay)),
      peakReviews: mean(alike.map((entry) => entry.peakReviews)),
      expectedRetention: recalls.length ? mean(recalls) : null,
    };
  });
  return { rows, sampled: sample.length, students: enrolled.length };
}

/** A student's cards as the simulator takes them: their states now, and the cards still to come in course order. */
async function workloadInput(client: DbClient, userId: string, courseId: string) {
  const [context, states, cards] = await Promise.all([
    loadSchedulingContext(client, userId, courseId),
    client.cardState.findMany({ where: { userId, courseId, card: { archived: false } } }),
    client.card.findMany({ where: { courseId, archived: false }, orderBy: { position: "asc" }, select: { id: true } }),
  ]);
  // A suspended card is neither studied nor waiting to be introduced.
  const suspended = new Set(states.filter((state) => state.suspended).map((state) => state.cardId));
  const started = states.filter((state) => !state.suspended && state.state !== "new");
  const startedIds = new Set(started.map((state) => state.cardId));
  return {
    studied: started.map((state) => ({ cardId: state.cardId, scheduled: rowToSrs(state) })),
    unseen: cards.filter((card) => !startedIds.has(card.id) && !suspended.has(card.id)).map((card) => card.id),
    params: context.params,
    dayRule: context.dayRule,
    newPerDay: context.settings.newPerDay,
    reviewsPerDay: context.settings.reviewsPerDay,
  };
}

function retentionsAround(own: number): number[] {
  return [...new Set([...WORKLOAD_RETENTIONS, own])].sort((a, b) => a - b);
}

function seedOf(text: string): number {
  let hash = 2166136261;
  for (let index = 0; index < text.length; index += 1) hash = Math.imul(hash ^ text.charCodeAt(index), 16777619);
  return hash >>> 0;
}
