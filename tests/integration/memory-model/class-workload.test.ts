/**
 * The class workload simulator on real Postgres: each sampled current student's own cards and
 * limits, averaged; the same figures on every run; and only the class's instructors (or an admin)
 * may run it.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { createClass, joinClass, removeStudent } from "@/lib/classes/classes";
import { getClassWorkload, getMyWorkload } from "@/lib/memory-model/workload";
import { answerCard } from "@/lib/review/answer";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { WORKLOAD_HORIZONS, WORKLOAD_RETENTIONS } from "@/lib/srs";
import { createCourse, createUser, key, type FixtureCourse } from "@/tests/support/fixtures";

const T0 = new Date("2026-10-05T14:00:00Z");
const NOW = new Date("2026-10-06T15:00:00Z");
type User = Awaited<ReturnType<typeof createUser>>;
let course: FixtureCourse;
let owner: User;
let stranger: User;
let admin: User;
let busy: User;
let fresh: User;
let classId: string;

beforeAll(async () => {
  course = await createCourse({ lessons: 2, cardsPerLesson: 3 });
  owner = await createUser("instructor", "Olga Owner");
  stranger = await createUser("instructor", "Sam Stranger");
  admin = await createUser("admin", "Ada Admin");
  const cls = await createClass(owner, { name: "CJ 210", term: "Fall 2026", courseSlug: course.slug, timeZone: "America/Chicago" });
  classId = cls.id;
  busy = await createUser("student", "Bea Busy");
  fresh = await createUser("student", "Fred Fresh");
  const gone = await createUser("student", "Gus Gone");
  for (const student of [busy, fresh, gone]) await joinClass(student, { code: cls.joinCodeDisplay }, "10.0.0.9", T0);
  for (const card of course.cards) await answerCard(busy, { cardId: card.id, rating: 3, idempotencyKey: key() }, T0);
  await removeStudent(owner, classId, gone.id, T0);
});

describe("class workload simulator", () => {
  test("averages the current students' own simulations, for every retention and horizon, the same on every run", async () => {
    const workload = await getClassWorkload(owner, classId, NOW);
    expect(workload).toMatchObject({ sampled: 2, students: 2 });
    expect(workload.rows.map((row) => [row.desiredRetention, row.horizonDays])).toEqual(
      WORKLOAD_RETENTIONS.flatMap((retention) => WORKLOAD_HORIZONS.map((horizon) => [retention, horizon])),
    );
    for (const row of workload.rows) {
      expect(row.reviewsPerDay).toBeGreaterThan(0);
      expect(row.expectedRetention).toBeGreaterThan(0.5);
      expect(row.expectedRetention).toBeLessThanOrEqual(1);
    }
    // A higher target costs more reviews over 90 days (monotone in expectation; wide gaps hold in one run).
    const at = (retention: number) => workload.rows.find((row) => row.desiredRetention === retention && row.horizonDays === 90)!;
    expect(at(0.95).reviewsPerDay).toBeGreaterThan(at(0.8).reviewsPerDay);
    expect(await getClassWorkload(owner, classId, NOW)).toEqual(workload);
    expect(await getClassWorkload(admin, classId, NOW)).toEqual(workload);
  });

  test("the class figure lies between its students' own figures", async () => {
    const workload = await getClassWorkload(owner, classId, NOW);
    const own = await Promise.all([busy, fresh].map((student) => getMyWorkload(student, course.slug, NOW)));
    const pick = (rows: typeof workload.rows) => rows.find((row) => row.desiredRetention === 0.9 && row.horizonDays === 30)!.reviewsPerDay;
    const [low, high] = own.map((entry) => pick(entry.rows)).sort((a, b) => a - b);
    expect(pick(workload.rows)).toBeGreaterThanOrEqual(low! * 0.5);
    expect(pick(workload.rows)).toBeLessThanOrEqual(high! * 1.5);
  });

  test("another instructor gets 404 and a student 403", async () => {
    await expect(getClassWorkload(stranger, classId, NOW)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getClassWorkload(busy, classId, NOW)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
