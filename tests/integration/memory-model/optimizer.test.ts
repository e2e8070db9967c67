/**
 * The memory model end to end on real Postgres: a synthetic cohort (students whose recall is drawn
 * from known FSRS weights) answers through the answer path the API uses, the pg-boss job fits the
 * course, and the stored weights are checked against fresh held-out reviews, the replay of every
 * student's history, and the per-student rule (a long, different history gets its own weights; a
 * short one keeps the course's).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import pg from "pg";
import { db } from "@/lib/db/client";
import { ForbiddenError } from "@/lib/errors";
import { stopJobSender } from "@/lib/jobs/boss";
import { chooseFittedWeights, getCourseMemoryModel, getMyMemoryModel, requestCourseFit } from "@/lib/memory-model/access";
import { MIN_STUDENT_ITEMS } from "@/lib/memory-model/fit";
import { evaluateWeights } from "@/lib/memory-model/optimizer";
import { coursesDueForFit } from "@/lib/memory-model/nightly";
import { runCourseOptimizer } from "@/lib/memory-model/run";
import { answerCard } from "@/lib/review/answer";
import { verifyAllReplays } from "@/lib/review/verify";
import { DEFAULT_PARAMS, effectiveWeights, simulateStudy, trainingItems, type SimulatedAnswer } from "@/lib/srs";
import { startWorker } from "@/lib/worker/worker";
import type { Actor } from "@/lib/auth/actor";
import { createCourse, createUser, key, type FixtureCourse } from "@/tests/support/fixtures";

const RULE = { timeZone: "UTC", dayStartHour: 4 };
const DEFAULTS = [...effectiveWeights(DEFAULT_PARAMS)];
/** The class's memory grows less with each recall, and fades on a steeper curve, than FSRS's defaults assume ... */
const COURSE_TRUTH = DEFAULTS.map((w, i) => (i === 8 ? w * 0.45 : i === 20 ? 0.5 : w));
/** ... one student forgets much faster than the class. */
const DIFFERENT_TRUTH = DEFAULTS.map((w, i) => (i < 4 ? w * 0.3 : i === 8 ? w * 1.2 : i === 20 ? 0.5 : w));
const START = new Date("2026-01-05T12:00:00Z");

let course: FixtureCourse;
let instructor: Actor;
let cohort: Actor[];
let different: Actor;
let worker: Awaited<ReturnType<typeof startWorker>>;

function simulate(cardIds: string[], weights: number[], days: number, seed: number): readonly SimulatedAnswer[] {
  return simulateStudy({ unseen: cardIds, start: START, days, newPerDay: 8, params: DEFAULT_PARAMS, trueWeights: weights, dayRule: RULE, seed, keepAnswers: true }).answers;
}

/** Each answer through lib/review's answerCard (what POST /api/review runs), at its simulated time. */
async function answerAll(student: Actor, answers: readonly SimulatedAnswer[]) {
  for (const answer of answers) {
    await answerCard(student, { cardId: answer.cardId, rating: answer.rating, idempotencyKey: key() }, answer.reviewedAt);
  }
}

beforeAll(async () => {
  course = await createCourse({ lessons: 4, cardsPerLesson: 25 });
  const cardIds = course.cards.map((card) => card.id);
  instructor = await createUser("instructor");
  const cls = await db().class.create({ data: { name: "Memory", term: "Spring", courseId: course.id, joinCode: key().slice(0, 8) } });
  await db().classInstructor.create({ data: { classId: cls.id, userId: instructor.id, role: "owner" } });
  cohort = await Promise.all(Array.from({ length: 6 }, () => createUser()));
  different = await createUser();
  await Promise.all([
    ...cohort.map((student, index) => answerAll(student, simulate(cardIds.slice(0, 50), COURSE_TRUTH, 80, 100 + index))),
    answerAll(different, simulate(cardIds, DIFFERENT_TRUTH, 110, 7)),
  ]);
  worker = await startWorker({ schedule: false, pollingIntervalSeconds: 0.5, log: () => {} });
}, 240_000);

afterAll(async () => {
  await worker?.stop();
  await stopJobSender();
});

async function waitForRun() {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const run = await db().memoryModelRun.findFirst({ where: { courseId: course.id, status: "done" } });
    if (run) return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the memory-model job did not finish");
}

describe("memory model", () => {
  test("only the course's instructors (and admins) see or request its fit", async () => {
    const student = cohort[0]!;
    await expect(getCourseMemoryModel(student, course.slug)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(requestCourseFit(await createUser("instructor"), course.slug)).rejects.toBeInstanceOf(ForbiddenError);
  });

  test("the job fits the course; the stored weights predict fresh held-out reviews better than the defaults", async () => {
    expect(await requestCourseFit(instructor, course.slug)).toEqual({ queued: true });
    const run = await waitForRun();
    expect(run.reason).toBe("on-demand");
    const view = await getCourseMemoryModel(instructor, course.slug);
    expect(view.current).not.toBeNull();
    expect(view.current!.studentCount).toBe(7);
    expect(view.current!.logLoss!).toBeLessThan(view.current!.baselineLogLoss!);

    // Students the fit never saw, from the class's true memory.
    const heldOut = [0, 1, 2].flatMap((index) =>
      trainingItems(
        simulate(course.cards.slice(0, 50).map((card) => card.id), COURSE_TRUTH, 80, 900 + index).map((answer) => ({ ...answer, kind: "answer" as const, undone: false })),
        RULE,
      ),
    );
    const fitted = evaluateWeights(view.current!.weights, heldOut)!;
    const defaults = evaluateWeights(null, heldOut)!;
    expect(fitted.logLoss).toBeLessThan(defaults.logLoss);
    expect(fitted.rmseBins).toBeLessThan(defaults.rmseBins);
  });

  test("a long, different history gets its own weights; a short one keeps the course's; every state equals its replay", async () => {
    const settings = await db().courseSettings.findMany({ where: { courseId: course.id } });
    const byUser = new Map(settings.map((row) => [row.userId, row]));
    const current = (await getCourseMemoryModel(instructor, course.slug)).current!;
    expect(byUser.get(different.id)?.weightsSource).toBe("student");
    expect(byUser.get(different.id)?.weights).toHaveLength(21);
    expect(byUser.get(different.id)?.weights).not.toEqual(current.weights);
    const ownFit = await db().memoryModelFit.findFirstOrThrow({ where: { userId: different.id, accepted: true } });
    expect(ownFit.reviewCount).toBeGreaterThanOrEqual(MIN_STUDENT_ITEMS);
    expect(ownFit.logLoss!).toBeLessThan(ownFit.baselineLogLoss!);
    for (const student of cohort) {
      expect(byUser.get(student.id)).toMatchObject({ weightsSource: "course", weights: current.weights, weightsFitId: current.id });
    }
    expect(await db().memoryModelFit.count({ where: { userId: { in: cohort.map((student) => student.id) }, accepted: true } })).toBe(0);

    const mine = await getMyMemoryModel(different, course.slug);
    expect(mine).toMatchObject({ source: "student", optedOut: false, reviewCount: ownFit.reviewCount });

    const report = await verifyAllReplays();
    expect(report.states).toBeGreaterThan(300);
    expect(report.mismatches).toEqual([]);
  });

  test("one run per course at a time: a second run while the lock is held does nothing", async () => {
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock(hashtext('memory-model:' || $1))", [course.id]);
      expect(await runCourseOptimizer(course.id, { reason: "command" })).toEqual({ status: "busy" });
    } finally {
      await holder.end();
    }
  });

  test("a run cut short after its fits were stored resumes without refitting and finishes the students left", async () => {
    const run = await db().memoryModelRun.findFirstOrThrow({ where: { courseId: course.id, status: "done" } });
    const student = cohort[1]!;
    // As if the process died before reaching this student: their weights still the defaults.
    await db().memoryModelRun.update({
      where: { id: run.id },
      data: { status: "running", finishedAt: null, appliedUserIds: run.appliedUserIds.filter((id) => id !== student.id) },
    });
    await db().courseSettings.update({ where: { userId_courseId: { userId: student.id, courseId: course.id } }, data: { weights: [], weightsSource: "defaults", weightsFitId: null } });
    const fitsBefore = await db().memoryModelFit.count();
    const outcome = await runCourseOptimizer(course.id, { reason: "command" });
    expect(outcome).toMatchObject({ status: "done", runId: run.id, resumed: true, rescheduledStudents: 1 });
    expect(await db().memoryModelFit.count()).toBe(fitsBefore);
    const settings = await db().courseSettings.findUniqueOrThrow({ where: { userId_courseId: { userId: student.id, courseId: course.id } } });
    expect(settings.weightsSource).toBe("course");
    expect((await verifyAllReplays()).mismatches).toEqual([]);
  });

  test("the nightly sweep picks a course again only once it has answers since its last finished run", async () => {
    expect(await coursesDueForFit()).not.toContain(course.id);
    await answerCard(cohort[3]!, { cardId: course.cards[60]!.id, rating: 3, idempotencyKey: key() }, new Date());
    expect(await coursesDueForFit()).toContain(course.id);
  });

  test("a student can opt out to the defaults (replayed) and back in; the optimizer leaves an opted-out student alone", async () => {
    const student = cohort[2]!;
    expect(await chooseFittedWeights(student, course.slug, { useFittedWeights: false })).toMatchObject({ source: "defaults", optedOut: true });
    expect((await verifyAllReplays()).mismatches).toEqual([]);
    await runCourseOptimizer(course.id, { reason: "command" });
    const after = await db().courseSettings.findUniqueOrThrow({ where: { userId_courseId: { userId: student.id, courseId: course.id } } });
    expect(after).toMatchObject({ weights: [], weightsSource: "defaults", fittedWeightsOptOut: true });
    expect(await chooseFittedWeights(student, course.slug, { useFittedWeights: true })).toMatchObject({ source: "course", optedOut: false });
    expect((await verifyAllReplays()).mismatches).toEqual([]);
  });
});
