/**
 * Scenario 3, concurrency, over HTTP against the production server: duplicate submissions,
 * different ratings racing on one card, two devices syncing offline batches for the same cards,
 * undo racing answers, and a class dashboard read during heavy answering. At the end every
 * accepted answer is in the log exactly once, nothing unaccepted is, and every stored state equals
 * the replay of its log (verifyAllReplays, scoped to this file's students on the shared database).
 * A second test does the same through the lib functions on this file's own database, where
 * `verifyAllReplays()` itself checks everything.
 */
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { answerCard } from "@/lib/review/answer";
import { applyCardAction } from "@/lib/review/card-actions";
import { updateStudySettings } from "@/lib/review/settings";
import { syncReviews } from "@/lib/review/sync";
import { undoLastReview } from "@/lib/review/undo";
import { verifyAllReplays } from "@/lib/review/verify";
import { createCourse, createUser } from "@/tests/support/fixtures";
import { baseUrl } from "@/tests/support/http";
import { registerAndSignIn, type TestClient } from "@/tests/support/session";
import { KNOWN_DEFECTS } from "./known-defects";
import { defectTest } from "./support/defect-test";
import { scenario, type Scenario } from "./support/figures";
import {
  closeHttpPool,
  createClassIn,
  createCourseIn,
  disconnectAll,
  httpPool,
  prismaFor,
  verifyReplaysFor,
  type TestCourse,
} from "./support/http-db";

let course: TestCourse;
const everyone: TestClient[] = [];
/** Idempotency keys the server accepted (answered 200 / "applied" or "duplicate"), per student. */
const accepted = new Map<string, Set<string>>();
/** Students of the undo race: left out of the end-state replay check while that defect is open. */
const undoStudents = new Set<string>();

function accept(client: TestClient, key: string) {
  let keys = accepted.get(client.user.id);
  if (!keys) accepted.set(client.user.id, (keys = new Set()));
  keys.add(key);
}

async function student(name: string): Promise<TestClient> {
  const client = await registerAndSignIn(baseUrl, { name });
  everyone.push(client);
  return client;
}

beforeAll(async () => {
  course = await createCourseIn(prismaFor(), { lessons: 3, cardsPerLesson: 10 });
});

afterAll(async () => {
  await disconnectAll();
  await closeHttpPool();
});

const card = (index: number) => course.cards[index % course.cards.length]!.id;

/**
 * Posts an answer like the app's outbox does: a 503 (the server shedding load: every database
 * connection busy) is retried with the same idempotency key; anything else 5xx is a failure.
 */
async function answer(client: TestClient, body: Record<string, unknown>, s: Scenario) {
  s.add("answers sent");
  for (let attempt = 0; ; attempt += 1) {
    const response = await client.fetch("/api/review", { method: "POST", json: body });
    s.add("requests");
    const text = await response.text();
    if (response.status === 503 && attempt < 10) {
      s.add("503 (busy) retried");
      await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
      continue;
    }
    expect(response.status, text).toBeLessThan(500);
    if (response.status === 200) accept(client, body.idempotencyKey as string);
    return { status: response.status, body: JSON.parse(text) };
  }
}

describe("racing writes over HTTP", () => {
  test("20 parallel duplicates of one answer: one log, 20 identical answers", async () => {
    const s = scenario("concurrency-duplicates", "concurrency", "20 parallel duplicates of one answer");
    const client = await student("Duplicate Dana");
    const idempotencyKey = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => answer(client, { cardId: card(0), rating: 3, idempotencyKey }, s)),
    );
    expect(results.map((result) => result.status)).toEqual(Array(20).fill(200));
    expect(new Set(results.map((result) => JSON.stringify(result.body.card))).size).toBe(1);
    const { rows } = await httpPool().query(`SELECT count(*)::int AS n FROM "ReviewLog" WHERE "userId" = $1`, [
      client.user.id,
    ]);
    expect(rows[0].n).toBe(1);
    s.set("logs written", rows[0].n);
    s.set("answers lost", 0);
  });

  test("four different ratings racing on one card at one version: exactly one wins, the rest get 409", async () => {
    const s = scenario("concurrency-ratings", "concurrency", "Different ratings racing on one card (version-checked)");
    const client = await student("Racing Rae");
    for (let round = 0; round < 5; round += 1) {
      const { rows } = await httpPool().query(`SELECT version FROM "CardState" WHERE "userId" = $1 AND "cardId" = $2`, [
        client.user.id,
        card(1),
      ]);
      const version = rows[0]?.version ?? 0;
      const results = await Promise.all(
        [1, 2, 3, 4].map((rating) =>
          answer(client, { cardId: card(1), rating, idempotencyKey: randomUUID(), version }, s),
        ),
      );
      const statuses = results.map((result) => result.status).sort();
      expect(statuses).toEqual([200, 409, 409, 409]);
      s.add("409 conflicts", 3);
    }
    // Without versions, racing answers are serialised by the row lock: all apply, one after another.
    const results = await Promise.all(
      [1, 2, 3, 4].map((rating) => answer(client, { cardId: card(2), rating, idempotencyKey: randomUUID() }, s)),
    );
    expect(results.every((result) => result.status === 200 || result.status === 409)).toBe(true);
    const { rows } = await httpPool().query(`SELECT count(*)::int AS n FROM "ReviewLog" WHERE "userId" = $1`, [
      client.user.id,
    ]);
    expect(rows[0].n).toBe(accepted.get(client.user.id)!.size);
  });

  test("two devices sync overlapping offline batches for the same cards, each twice, at once", async () => {
    const s = scenario(
      "concurrency-two-devices",
      "concurrency",
      "Two devices sync offline batches for the same cards (and retry)",
    );
    const client = await student("Two-Device Teo");
    const now = Date.now();
    const batch = (device: number) =>
      Array.from({ length: 24 }, (_, index) => ({
        cardId: card(10 + (index % 8)),
        rating: ((index + device) % 4) + 1,
        idempotencyKey: `dev${device}-${randomUUID()}`,
        // Interleaved times: device 0 on even minutes, device 1 on odd ones, oldest first per card.
        reviewedAt: new Date(now - (60 - index * 2 - device) * 60_000).toISOString(),
      }));
    const batches = [batch(0), batch(1)];
    const send = async (reviews: ReturnType<typeof batch>) => {
      const response = await client.fetch("/api/review/sync", { method: "POST", json: { reviews } });
      s.add("requests");
      s.add("answers sent", reviews.length);
      expect(response.status).toBe(200);
      return (await response.json()).results as { idempotencyKey: string; status: string }[];
    };
    // Each device sends its batch twice (a retry after a lost response), all four at once.
    const outcomes = (
      await Promise.all([send(batches[0]!), send(batches[1]!), send(batches[0]!), send(batches[1]!)])
    ).flat();
    const byKey = new Map<string, Set<string>>();
    for (const outcome of outcomes) {
      const statuses = byKey.get(outcome.idempotencyKey) ?? new Set();
      statuses.add(outcome.status);
      byKey.set(outcome.idempotencyKey, statuses);
      if (outcome.status === "applied" || outcome.status === "duplicate") accept(client, outcome.idempotencyKey);
    }
    for (const [, statuses] of byKey) {
      // Each answer was applied once and then seen as a duplicate, or rejected (older than the card's latest review) both times.
      expect(statuses.has("rejected") && statuses.size > 1 ? "mixed" : "ok").toBe("ok");
    }
    s.set("applied", outcomes.filter((outcome) => outcome.status === "applied").length);
    s.set("duplicates", outcomes.filter((outcome) => outcome.status === "duplicate").length);
    s.set(
      "rejected as older than the card's latest review",
      outcomes.filter((outcome) => outcome.status === "rejected").length / 2,
    );
    expect(outcomes.filter((outcome) => outcome.status === "applied").length).toBe(
      accepted.get(client.user.id)?.size ?? 0,
    );
  });

  // Timing-dependent, so not a defect test: while undo-races-answer is open (reproduced deterministically
  // through the lib below) its replay mismatches are counted here, not asserted.
  test("undo racing answers on the same course: no 5xx, and (once undo-races-answer is fixed) every state equals its replay", async () => {
    const s = scenario("concurrency-undo", "concurrency", "Undo racing answers over HTTP");
    const client = await student("Undoing Uma");
    undoStudents.add(client.user.id);
    for (let round = 0; round < 6; round += 1) {
      const work: Promise<unknown>[] = [];
      for (let index = 0; index < 4; index += 1)
        work.push(
          answer(
            client,
            { cardId: card(20 + ((round + index) % 6)), rating: (index % 4) + 1, idempotencyKey: randomUUID() },
            s,
          ),
        );
      work.push(
        client.fetch("/api/review/undo", { method: "POST", json: { course: course.slug } }).then(async (response) => {
          s.add("requests");
          s.add("undos sent");
          expect(response.status === 200 || response.status === 409, await response.text()).toBe(true);
          if (response.status === 200) s.add("undos applied");
        }),
      );
      await Promise.all(work);
    }
    const check = await verifyReplaysFor(prismaFor(), [client.user.id]);
    if (KNOWN_DEFECTS["undo-races-answer"]!.open) {
      s.set("replay mismatches (open defect undo-races-answer)", check.mismatches.length);
      s.note("Replay mismatches are counted, not asserted, while defect undo-races-answer is open.");
    } else expect(check.mismatches).toEqual([]);
  });
});

describe("a class dashboard under load", () => {
  test("the instructor's dashboard answers 200 throughout heavy answering and ends matching the log", async () => {
    const s = scenario("concurrency-dashboard", "concurrency", "Class dashboard read during heavy answering");
    const instructor = await registerAndSignIn(baseUrl, { role: "instructor", name: "Load Instructor" });
    const students = await Promise.all(Array.from({ length: 6 }, (_, index) => student(`Load Student ${index}`)));
    const cls = await createClassIn(prismaFor(), {
      courseId: course.id,
      ownerId: instructor.user.id,
      studentIds: students.map((client) => client.user.id),
    });
    const lessons = await prismaFor().lesson.findMany({ where: { courseId: course.id }, select: { id: true } });
    await prismaFor().assignment.create({
      data: {
        classId: cls.id,
        title: "Everything",
        opensAt: new Date(Date.now() - 86_400_000),
        dueAt: new Date(Date.now() + 7 * 86_400_000),
        lessons: { create: lessons.map((lesson) => ({ lessonId: lesson.id })) },
      },
    });

    let answering = true;
    const dashboardSums: number[] = [];
    const reader = (async () => {
      while (answering) {
        const response = await instructor.fetch(`/api/classes/${cls.id}/progress`);
        s.add("requests");
        s.add("dashboard reads");
        expect(response.status).toBe(200);
        const dashboard = await response.json();
        expect(dashboard.students).toHaveLength(6);
        dashboardSums.push(dashboard.cards.reduce((sum: number, row: { answers: number }) => sum + row.answers, 0));
      }
    })();
    const started = Date.now();
    await Promise.all(
      students.map(async (client, studentIndex) => {
        for (let index = 0; index < 30; index += 1) {
          await answer(
            client,
            { cardId: card(index), rating: ((index + studentIndex) % 4) + 1, idempotencyKey: randomUUID() },
            s,
          );
        }
      }),
    );
    answering = false;
    await reader;
    s.set("answers per second", Math.round((6 * 30 * 1000) / (Date.now() - started)));
    for (let index = 1; index < dashboardSums.length; index += 1)
      expect(dashboardSums[index]).toBeGreaterThanOrEqual(dashboardSums[index - 1]!);
    const final = await (await instructor.fetch(`/api/classes/${cls.id}/progress`)).json();
    const total = final.cards.reduce((sum: number, row: { answers: number }) => sum + row.answers, 0);
    expect(total).toBe(6 * 30);
  });
});

describe("the end state", () => {
  test("every accepted answer is in the log exactly once, nothing else is, and every state equals its replay", async () => {
    const s = scenario(
      "concurrency-end-state",
      "concurrency",
      "End state: accepted answers logged exactly once; states equal replay",
    );
    const ids = everyone.map((client) => client.user.id);
    const { rows } = await httpPool().query<{ userId: string; idempotencyKey: string; n: number }>(
      `SELECT "userId", "idempotencyKey", count(*)::int AS n FROM "ReviewLog" WHERE "userId" = ANY($1) AND kind = 'answer' GROUP BY 1, 2`,
      [ids],
    );
    const logged = new Map<string, Set<string>>();
    for (const row of rows) {
      expect(row.n).toBe(1);
      let keys = logged.get(row.userId);
      if (!keys) logged.set(row.userId, (keys = new Set()));
      keys.add(row.idempotencyKey);
    }
    let lost = 0;
    let extra = 0;
    for (const id of ids) {
      const want = accepted.get(id) ?? new Set();
      const have = logged.get(id) ?? new Set();
      for (const key of want) if (!have.has(key)) lost += 1;
      for (const key of have) if (!want.has(key)) extra += 1;
    }
    const replayIds = KNOWN_DEFECTS["undo-races-answer"]!.open ? ids.filter((id) => !undoStudents.has(id)) : ids;
    if (replayIds.length < ids.length)
      s.note("The undo-race student is left out of the replay check while defect undo-races-answer is open.");
    const check = await verifyReplaysFor(prismaFor(), replayIds);
    s.set("students", ids.length);
    s.set(
      "answers accepted",
      [...accepted.values()].reduce((sum, keys) => sum + keys.size, 0),
    );
    s.set("log rows", rows.length);
    s.set("answers lost", lost);
    s.set("unaccepted answers in the log", extra);
    s.set("states replayed", check.states);
    s.set("replay mismatches", check.mismatches.length);
    expect(lost).toBe(0);
    expect(extra).toBe(0);
    expect(check.mismatches).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The same through the lib functions, on this file's own database (verifyAllReplays sees only it).
// ---------------------------------------------------------------------------------------------

/** Waits until `count` backends of this file's database are waiting on a lock. */
async function lockWaiters(count: number) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    for (let tries = 0; tries < 200; tries += 1) {
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (rows[0].n >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`never saw ${count} lock waiters`);
  } finally {
    await client.end();
  }
}

describe("racing writes through the lib functions", () => {
  defectTest(
    "undo-races-answer",
    "an answer committing between undo's log read and its state lock is not lost",
    async () => {
      const s = scenario(
        "concurrency-undo-lib",
        "concurrency",
        "Undo vs. an answer to the same card, forced interleaving (lib)",
      );
      const fileCourse = await createCourse({ lessons: 1, cardsPerLesson: 2 });
      const user = await createUser();
      const cardId = fileCourse.cards[0]!.id;
      await answerCard(user, { cardId, rating: 3, idempotencyKey: randomUUID() }, new Date());
      // Hold the card's state row, so the next answer and the undo both queue behind it: the answer first.
      const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await holder.connect();
      await holder.query("BEGIN");
      await holder.query(`SELECT 1 FROM "CardState" WHERE "userId" = $1 AND "cardId" = $2 FOR UPDATE`, [
        user.id,
        cardId,
      ]);
      const answering = answerCard(user, { cardId, rating: 1, idempotencyKey: randomUUID() }, new Date());
      await lockWaiters(1);
      const undoing = undoLastReview(user, { course: fileCourse.slug }, new Date());
      await lockWaiters(2);
      s.add("faults injected (forced interleavings)");
      await holder.query("COMMIT");
      await holder.end();
      const [answered, undone] = await Promise.allSettled([answering, undoing]);
      expect(answered.status).toBe("fulfilled");
      s.note(`undo: ${undone.status === "fulfilled" ? "applied" : (undone.reason as Error).message}`);
      const report = await verifyReplaysFor(db(), [user.id]);
      await db().user.delete({ where: { id: user.id } });
      s.set("replay mismatches", report.mismatches.length);
      expect(report.mismatches).toEqual([]);
    },
  );

  defectTest(
    "offline-answer-after-reset",
    "an offline answer dated before a reset is not applied on top of it",
    async () => {
      const s = scenario(
        "concurrency-reset-offline",
        "concurrency",
        "Offline answer dated before a reset of the card (lib, sequential)",
      );
      const fileCourse = await createCourse({ lessons: 1, cardsPerLesson: 2 });
      const user = await createUser();
      const cardId = fileCourse.cards[0]!.id;
      const now = new Date();
      await answerCard(
        user,
        {
          cardId,
          rating: 3,
          idempotencyKey: randomUUID(),
          reviewedAt: new Date(now.getTime() - 60 * 60_000).toISOString(),
        },
        now,
      );
      await applyCardAction(user, { cardId, action: "reset" }, now);
      const { results } = await syncReviews(
        user,
        {
          reviews: [
            {
              cardId,
              rating: 3,
              idempotencyKey: randomUUID(),
              reviewedAt: new Date(now.getTime() - 5 * 60_000).toISOString(),
            },
          ],
        },
        now,
      );
      s.note(`The answer dated before the reset was ${results[0]!.status}.`);
      const report = await verifyReplaysFor(db(), [user.id]);
      await db().user.delete({ where: { id: user.id } });
      s.set("replay mismatches", report.mismatches.length);
      expect(report.mismatches).toEqual([]);
    },
  );

  defectTest(
    "settings-change-races-answer",
    "an answer committing while a settings change reschedules is not overwritten",
    async () => {
      const s = scenario(
        "concurrency-settings-lib",
        "concurrency",
        "Settings change vs. an answer, forced interleaving (lib)",
      );
      const fileCourse = await createCourse({ lessons: 1, cardsPerLesson: 2 });
      const user = await createUser();
      const cardId = fileCourse.cards[0]!.id;
      await answerCard(
        user,
        {
          cardId,
          // Easy: straight to review, whose interval a retention change moves (so the reschedule must write this row).
          rating: 4,
          idempotencyKey: randomUUID(),
          reviewedAt: new Date(Date.now() - 3 * 86_400_000 + 60_000).toISOString(),
        },
        new Date(),
      );
      const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await holder.connect();
      try {
        await holder.query("BEGIN");
        await holder.query(`SELECT 1 FROM "CardState" WHERE "userId" = $1 AND "cardId" = $2 FOR UPDATE`, [
          user.id,
          cardId,
        ]);
        const answering = answerCard(user, { cardId, rating: 1, idempotencyKey: randomUUID() }, new Date());
        await lockWaiters(1);
        const changing = updateStudySettings(user, fileCourse.slug, {
          desiredRetention: 0.8,
          newPerDay: 20,
          reviewsPerDay: 200,
          timeZone: "UTC",
          dayStartHour: 4,
        });
        await lockWaiters(2);
        s.add("faults injected (forced interleavings)");
        await holder.query("COMMIT");
        await Promise.all([answering, changing]);
      } finally {
        await holder.end();
      }
      const report = await verifyReplaysFor(db(), [user.id]);
      await db().user.delete({ where: { id: user.id } });
      s.set("replay mismatches", report.mismatches.length);
      expect(report.mismatches).toEqual([]);
    },
  );

  defectTest(
    "settings-change-races-first-answer",
    "a first answer to a card that loaded the old settings is not left out of a reschedule",
    async () => {
      const s = scenario(
        "concurrency-settings-first-answer",
        "concurrency",
        "Settings change vs. the first answer to a card, forced interleaving (lib)",
      );
      const fileCourse = await createCourse({ lessons: 1, cardsPerLesson: 2 });
      const user = await createUser();
      const cardId = fileCourse.cards[0]!.id;
      const idempotencyKey = randomUUID();
      // Hold an uncommitted log with the answer's idempotency key: the answer loads its settings, then waits to write its log.
      const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await holder.connect();
      try {
        await holder.query("BEGIN");
        await holder.query(
          `INSERT INTO "ReviewLog" (id, "userId", "cardId", "courseId", rating, state, due, stability, difficulty, "elapsedDays",
           "lastElapsedDays", "scheduledDays", "learningSteps", "reviewedAt", "idempotencyKey", "stateBefore", "stateAfter")
         VALUES ($1, $2, $3, $4, 3, 'new', now(), 0, 0, 0, 0, 0, 0, now(), $5, '{}', '{}')`,
          [`holder-${randomUUID()}`, user.id, fileCourse.cards[1]!.id, fileCourse.id, idempotencyKey],
        );
        // Easy on a new card: straight to review, with an interval that depends on the desired retention.
        const answering = answerCard(user, { cardId, rating: 4, idempotencyKey }, new Date());
        await lockWaiters(1);
        const changing = updateStudySettings(user, fileCourse.slug, {
          desiredRetention: 0.8,
          newPerDay: 20,
          reviewsPerDay: 200,
          timeZone: "UTC",
          dayStartHour: 4,
        });
        // Fixed: the change waits for the answer in flight. Open: it commits without it.
        await Promise.race([changing, lockWaiters(2)]);
        s.add("faults injected (forced interleavings)");
        await holder.query("ROLLBACK");
        await Promise.all([answering, changing]);
      } finally {
        await holder.end();
      }
      const report = await verifyReplaysFor(db(), [user.id]);
      await db().user.delete({ where: { id: user.id } });
      s.set("replay mismatches", report.mismatches.length);
      expect(report.mismatches).toEqual([]);
    },
  );

  test("random interleavings of answers, syncs, card actions and settings changes: verifyAllReplays() finds nothing", async () => {
    const s = scenario(
      "concurrency-lib-chaos",
      "concurrency",
      "Random concurrent answer/sync/card-action/settings mixes (lib, verifyAllReplays)",
    );
    const fileCourse = await createCourse({ lessons: 2, cardsPerLesson: 5 });
    const users = await Promise.all([createUser(), createUser(), createUser()]);
    // Operations with an open defect (known-defects.ts) sit out until it is fixed; their own tests reproduce it.
    const undoOpen = KNOWN_DEFECTS["undo-races-answer"]!.open;
    const resetOpen = KNOWN_DEFECTS["offline-answer-after-reset"]!.open;
    const settingsOpen =
      KNOWN_DEFECTS["settings-change-races-answer"]!.open || KNOWN_DEFECTS["settings-change-races-first-answer"]!.open;
    const sittingOut = [undoOpen && "undo", resetOpen && "reset", settingsOpen && "settings changes"].filter(Boolean);
    if (sittingOut.length) s.note(`Sitting out while their defects are open: ${sittingOut.join(", ")}.`);
    const acceptedKeys = new Set<string>();
    const unexpected: string[] = [];
    const op = fc.oneof(
      fc.record({
        kind: fc.constant("answer" as const),
        user: fc.nat(2),
        card: fc.nat(9),
        rating: fc.integer({ min: 1, max: 4 }),
        repeat: fc.boolean(),
      }),
      fc.record({
        kind: fc.constant("sync" as const),
        user: fc.nat(2),
        cards: fc.array(fc.nat(9), { minLength: 1, maxLength: 4 }),
        minutesAgo: fc.integer({ min: 1, max: 600 }),
      }),
      fc.record({
        kind: fc.constant("card" as const),
        user: fc.nat(2),
        card: fc.nat(9),
        action: fc.constantFrom(
          ...(resetOpen ? (["suspend", "unsuspend"] as const) : (["suspend", "unsuspend", "reset"] as const)),
        ),
      }),
      ...(settingsOpen
        ? []
        : [
            fc.record({
              kind: fc.constant("settings" as const),
              user: fc.nat(2),
              retention: fc.constantFrom(0.8, 0.85, 0.9, 0.95),
              dayStartHour: fc.integer({ min: 0, max: 6 }),
            }),
          ]),
      ...(undoOpen ? [] : [fc.record({ kind: fc.constant("undo" as const), user: fc.nat(2) })]),
    );
    type Step = typeof op extends fc.Arbitrary<infer T> ? T : never;
    const lastKey = new Map<number, string>();
    const run = async (step: Step) => {
      const actor = users[step.user]!;
      const now = new Date();
      s.add("operations");
      try {
        if (step.kind === "answer") {
          const idempotencyKey = step.repeat && lastKey.has(step.user) ? lastKey.get(step.user)! : randomUUID();
          lastKey.set(step.user, idempotencyKey);
          await answerCard(
            actor,
            { cardId: fileCourse.cards[step.card]!.id, rating: step.rating, idempotencyKey },
            now,
          );
          acceptedKeys.add(idempotencyKey);
        } else if (step.kind === "sync") {
          const reviews = step.cards.map((card, index) => ({
            cardId: fileCourse.cards[card]!.id,
            rating: ((card + index) % 4) + 1,
            idempotencyKey: randomUUID(),
            reviewedAt: new Date(now.getTime() - (step.minutesAgo - index) * 60_000).toISOString(),
          }));
          const { results } = await syncReviews(actor, { reviews }, now);
          for (const result of results) if (result.status !== "rejected") acceptedKeys.add(result.idempotencyKey);
        } else if (step.kind === "card") {
          await applyCardAction(actor, { cardId: fileCourse.cards[step.card]!.id, action: step.action }, now);
        } else if (step.kind === "settings") {
          await updateStudySettings(actor, fileCourse.slug, {
            desiredRetention: step.retention,
            newPerDay: 20,
            reviewsPerDay: 200,
            timeZone: "Europe/Berlin",
            dayStartHour: step.dayStartHour,
          });
        } else {
          await undoLastReview(actor, { course: fileCourse.slug }, now);
        }
      } catch (error) {
        if (error instanceof AppError && error.status < 500) s.add(`refused ${error.status}`);
        else unexpected.push(`${step.kind}: ${(error as Error).message.split("\n").at(-1)}`);
      }
    };
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 30 }), async (steps) => {
        await Promise.all(steps.map(run));
      }),
      { numRuns: 8 },
    );
    const report = await verifyAllReplays();
    const logged = await db().reviewLog.findMany({
      where: { kind: "answer", userId: { in: users.map((user) => user.id) } },
      select: { idempotencyKey: true },
    });
    const loggedKeys = new Set(logged.map((row) => row.idempotencyKey));
    s.set("answers accepted", acceptedKeys.size);
    s.set("answers lost", [...acceptedKeys].filter((key) => !loggedKeys.has(key)).length);
    s.set("states replayed", report.states);
    s.set("replay mismatches", report.mismatches.length);
    expect(unexpected).toEqual([]);
    expect(logged.length, "each accepted answer logged exactly once").toBe(loggedKeys.size);
    expect([...acceptedKeys].filter((key) => !loggedKeys.has(key))).toEqual([]);
    expect([...loggedKeys].filter((key) => !acceptedKeys.has(key))).toEqual([]);
    expect(report.mismatches).toEqual([]);
  }, 180_000);
});
