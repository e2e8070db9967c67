/**
 * Seeds the benchmark's data set with bulk SQL (`INSERT … SELECT FROM unnest($1::text[], …)`, a few
 * thousand rows a statement): students with per-course settings, the card states and review logs
 * that lib/srs produced for them (see simulate.ts), and one heavy student in a synthetic course of
 * `heavyCards` cards. Courses go through the real importer.
 */
import { randomUUID } from "node:crypto";
import type { CourseSettings } from "@prisma/client";
import pg from "pg";
import type { CourseBundle } from "@/lib/content/bundle";
import { hashPassword } from "@/lib/auth/password";
import { importCourse } from "@/lib/courses/import";
import { schedulingContextOf } from "@/lib/review/scheduling-context";
import { startOfLocalDay } from "@/lib/srs";
import { importAllCourses } from "@/scripts/lib/import-courses";
import { createRng, idFactory, type Rng } from "./rng";
import { simulateStudent, typicalHabits, type SimulatedAnswer, type Snapshot } from "./simulate";

export const BUILT_IN_COURSE = "sex-trafficking-challenges";
export const HEAVY_COURSE = "bench-heavy";
export const BENCH_PASSWORD = "bench-password-not-a-secret";
const TIME_ZONES = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "Europe/London", "UTC"];

export type SeededStudent = { id: string; email: string; cardIds: string[] };
export type SeededCourse = { id: string; slug: string; cardIds: string[] };
export type DataSet = {
  course: SeededCourse;
  heavyCourse: SeededCourse;
  students: SeededStudent[];
  heavy: SeededStudent & { states: Snapshot[]; settings: CourseSettings };
  counts: { users: number; cardStates: number; reviewLogs: number };
  seconds: number;
};

export type SeedOptions = { students: number; cards: number; days: number; heavyCards: number; seed: number; now: Date; log?: (line: string) => void };

/** A course bundle of `cards` plain cards in units of 10 lessons × 50 cards, for sizes the built-in course lacks. */
export function syntheticBundle(slug: string, cards: number): CourseBundle {
  const perLesson = 50;
  const lessonsPerUnit = 10;
  const lessonCount = Math.ceil(cards / perLesson);
  const units: CourseBundle["units"] = [];
  const bundleCards: CourseBundle["cards"] = [];
  const paragraphs = Array.from({ length: 20 }, (_, index) => ({
    anchor: `p${index + 1}`,
    index,
    text: `Synthetic source paragraph ${index + 1} for load testing.`,
    gapBefore: false,
    gapAfter: false,
    furniture: false,
  }));
  for (let lesson = 0; lesson < lessonCount; lesson += 1) {
    const unitIndex = Math.floor(lesson / lessonsPerUnit);
    const unitKey = `unit-${unitIndex + 1}`;
    if (!units[unitIndex]) units[unitIndex] = { key: unitKey, position: unitIndex + 1, title: `Unit ${unitIndex + 1}`, summary: "Synthetic unit.", lessons: [] };
    const lessonKey = `lesson-${lesson + 1}`;
    const anchor = paragraphs[lesson % paragraphs.length]!.anchor;
    units[unitIndex]!.lessons.push({
      key: lessonKey,
      position: (lesson % lessonsPerUnit) + 1,
      title: `Lesson ${lesson + 1}`,
      objectives: ["Recall the synthetic facts."],
      keyTerms: [],
      passages: [anchor],
      bodyMarkdown: "Synthetic lesson.",
      bodyHtml: "<p>Synthetic lesson.</p>",
      beyondTheEssay: null,
      estimatedMinutes: 5,
    });
    for (let card = lesson * perLesson; card < Math.min(cards, (lesson + 1) * perLesson); card += 1) {
      bundleCards.push({
        key: `card-${card + 1}`,
        unitKey,
        lessonKey,
        position: card + 1,
        kind: "basic",
        prompt: `What is synthetic fact number ${card + 1} about responding to trafficking?`,
        answer: `Synthetic answer ${card + 1}, about as long as a real one.`,
        explanation: card % 3 === 0 ? `An explanation for fact ${card + 1}.` : null,
        source: { anchor, quote: `Synthetic source paragraph ${(lesson % paragraphs.length) + 1}` },
        sources: [{ anchor, quote: `Synthetic source paragraph ${(lesson % paragraphs.length) + 1}` }],
        noteKey: `card-${card + 1}`,
        tags: [],
        contentHash: `synthetic-${card + 1}`,
        resetOnChange: false,
      });
    }
  }
  return {
    slug,
    title: `Benchmark course (${cards} cards)`,
    summary: "Synthetic course seeded by npm run bench.",
    audience: "Load tests",
    contentNote: "Synthetic.",
    supportResources: [],
    source: { title: "Synthetic source", citation: "npm run bench", about: null, paragraphs },
    units,
    cards: bundleCards,
    contentHash: `synthetic-${slug}-${cards}`,
  };
}

async function courseCards(pool: pg.Pool, slug: string): Promise<SeededCourse> {
  const { rows } = await pool.query<{ courseId: string; id: string }>(
    `SELECT c."courseId", c.id FROM "Card" c JOIN "Course" k ON k.id = c."courseId"
     WHERE k.slug = $1 AND NOT c.archived ORDER BY c.position`,
    [slug],
  );
  if (!rows.length) throw new Error(`course ${slug} has no cards`);
  return { id: rows[0]!.courseId, slug, cardIds: rows.map((row) => row.id) };
}

/** Makes sure a course with at least `cards` cards exists: the built-in one, or a synthetic one. */
export async function ensureCourses(pool: pg.Pool, cards: number, heavyCards: number, now: Date) {
  const imported = await importAllCourses(now);
  if (!imported.ok) throw new Error(`course import failed:\n${imported.errors.join("\n")}`);
  let course = await courseCards(pool, BUILT_IN_COURSE);
  if (course.cardIds.length < cards) {
    const slug = `bench-course-${cards}`;
    await importCourse(syntheticBundle(slug, cards), now);
    course = await courseCards(pool, slug);
  }
  await importCourse(syntheticBundle(HEAVY_COURSE, heavyCards), now);
  const heavyCourse = await courseCards(pool, HEAVY_COURSE);
  return { course: { ...course, cardIds: course.cardIds.slice(0, cards) }, heavyCourse };
}

const stamp = (date: Date | null) => (date ? date.toISOString().slice(0, 23) : null);

function snapshotJson(snapshot: Snapshot) {
  // The same shape as lib/review/state.ts snapshotToJson.
  return JSON.stringify({ ...snapshot, due: snapshot.due.toISOString(), lastReview: snapshot.lastReview?.toISOString() ?? null });
}

type Columns = Record<string, unknown[]>;
const columns = <K extends string>(...names: K[]) => Object.fromEntries(names.map((name) => [name, [] as unknown[]])) as Record<K, unknown[]>;

/** One multi-row INSERT from parallel arrays; `select` maps the unnest columns onto the table's. */
async function insertRows(client: pg.Pool | pg.PoolClient, table: string, target: string[], select: string, types: string[], data: Columns) {
  const names = Object.keys(data);
  if (!data[names[0]!]!.length) return;
  const unnest = names.map((_, index) => `$${index + 1}::${types[index]}[]`).join(", ");
  await client.query(
    `INSERT INTO "${table}" (${target.map((name) => `"${name}"`).join(", ")}) SELECT ${select} FROM unnest(${unnest}) AS t(${names.map((name) => `"${name}"`).join(", ")})`,
    names.map((name) => data[name]),
  );
}

export type StudentWrite = {
  userId: string;
  courseId: string;
  settings: { timeZone: string } | null;
  states: Map<string, Snapshot>;
  answers: SimulatedAnswer[];
};

/** Writes settings, card states and review logs of a batch of simulated students. */
export async function writeStudents(pool: pg.Pool, batch: StudentWrite[], nextId: () => string, now: Date): Promise<{ states: number; logs: number }> {
  const settings = columns("id", "userId", "courseId", "timeZone");
  const states = columns("id", "userId", "cardId", "courseId", "due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps", "reps", "lapses", "state", "lastReview", "version");
  const logs = columns("id", "userId", "cardId", "courseId", "rating", "state", "due", "stability", "difficulty", "elapsedDays", "lastElapsedDays", "scheduledDays", "learningSteps", "reviewedAt", "idempotencyKey", "durationMs", "stateBefore", "stateAfter");
  for (const student of batch) {
    if (student.settings) {
      settings.id.push(nextId());
      settings.userId.push(student.userId);
      settings.courseId.push(student.courseId);
      settings.timeZone.push(student.settings.timeZone);
    }
    for (const [cardId, state] of student.states) {
      states.id.push(nextId());
      states.userId.push(student.userId);
      states.cardId.push(cardId);
      states.courseId.push(student.courseId);
      states.due.push(stamp(state.due));
      states.stability.push(state.stability);
      states.difficulty.push(state.difficulty);
      states.elapsedDays.push(state.elapsedDays);
      states.scheduledDays.push(state.scheduledDays);
      states.learningSteps.push(state.learningSteps);
      states.reps.push(state.reps);
      states.lapses.push(state.lapses);
      states.state.push(state.state);
      states.lastReview.push(stamp(state.lastReview));
      states.version.push(state.version);
    }
    for (const answer of student.answers) {
      logs.id.push(nextId());
      logs.userId.push(student.userId);
      logs.cardId.push(answer.cardId);
      logs.courseId.push(student.courseId);
      logs.rating.push(answer.rating);
      logs.state.push(answer.log.state);
      logs.due.push(stamp(answer.log.due));
      logs.stability.push(answer.log.stability);
      logs.difficulty.push(answer.log.difficulty);
      logs.elapsedDays.push(answer.log.elapsedDays);
      logs.lastElapsedDays.push(answer.log.lastElapsedDays);
      logs.scheduledDays.push(answer.log.scheduledDays);
      logs.learningSteps.push(answer.log.learningSteps);
      logs.reviewedAt.push(stamp(answer.reviewedAt));
      logs.idempotencyKey.push(randomUUID());
      logs.durationMs.push(answer.durationMs);
      logs.stateBefore.push(snapshotJson(answer.before));
      logs.stateAfter.push(snapshotJson(answer.after));
    }
  }
  const nowStamp = stamp(now);
  await insertRows(
    pool,
    "CourseSettings",
    ["id", "userId", "courseId", "timeZone", "timeZoneDetected", "weights", "createdAt", "updatedAt"],
    `id, "userId", "courseId", "timeZone", true, '{}'::double precision[], '${nowStamp}'::timestamp, '${nowStamp}'::timestamp`,
    ["text", "text", "text", "text"],
    settings,
  );
  await insertRows(
    pool,
    "CardState",
    ["id", "userId", "cardId", "courseId", "due", "stability", "difficulty", "elapsedDays", "scheduledDays", "learningSteps", "reps", "lapses", "state", "lastReview", "version", "createdAt", "updatedAt"],
    `id, "userId", "cardId", "courseId", due::timestamp, stability, difficulty, "elapsedDays", "scheduledDays", "learningSteps", reps, lapses, state::"CardStateKind", "lastReview"::timestamp, version, '${nowStamp}'::timestamp, '${nowStamp}'::timestamp`,
    ["text", "text", "text", "text", "text", "float8", "float8", "int", "int", "int", "int", "int", "text", "text", "int"],
    states,
  );
  const logCount = logs.id.length;
  const CHUNK = 8_000;
  for (let offset = 0; offset < logCount; offset += CHUNK) {
    const chunk = Object.fromEntries(Object.entries(logs).map(([name, values]) => [name, values.slice(offset, offset + CHUNK)]));
    await insertRows(
      pool,
      "ReviewLog",
      ["id", "userId", "cardId", "courseId", "kind", "rating", "state", "due", "stability", "difficulty", "elapsedDays", "lastElapsedDays", "scheduledDays", "learningSteps", "reviewedAt", "idempotencyKey", "durationMs", "undone", "stateBefore", "stateAfter", "createdAt"],
      `id, "userId", "cardId", "courseId", 'answer', rating, state::"CardStateKind", due::timestamp, stability, difficulty, "elapsedDays", "lastElapsedDays", "scheduledDays", "learningSteps", "reviewedAt"::timestamp, "idempotencyKey", "durationMs", false, "stateBefore"::jsonb, "stateAfter"::jsonb, "reviewedAt"::timestamp`,
      ["text", "text", "text", "text", "int", "text", "text", "float8", "float8", "int", "int", "int", "int", "text", "text", "int", "text", "text"],
      chunk,
    );
  }
  return { states: states.id.length, logs: logCount };
}

function settingsRow(userId: string, courseId: string, timeZone: string): CourseSettings {
  const at = new Date(0);
  return {
    id: "",
    userId,
    courseId,
    desiredRetention: 0.9,
    newPerDay: 20,
    reviewsPerDay: 200,
    leechThreshold: 8,
    timeZone,
    timeZoneDetected: true,
    dayStartHour: 4,
    maximumInterval: 36500,
    weights: [],
    weightsModel: "FSRS-6",
    weightsSource: "defaults",
    weightsFitId: null,
    fittedWeightsOptOut: false,
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * Seeds everything the benchmark needs into an empty, migrated database. `prefix` keeps the users
 * of several seedings in one database apart.
 */
export async function seedDataSet(pool: pg.Pool, options: SeedOptions, prefix = "bench"): Promise<DataSet> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const rng: Rng = createRng(options.seed);
  const nextId = idFactory(rng);
  let phase = performance.now();
  const lap = (what: string) => {
    log(`  ${what} in ${((performance.now() - phase) / 1000).toFixed(1)} s`);
    phase = performance.now();
  };
  const { course, heavyCourse } = await ensureCourses(pool, options.cards, options.heavyCards, options.now);
  lap("courses imported");
  // Sessions are minted by the benchmark; the hash lets a person sign in as a seeded student too.
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const end = new Date(options.now.getTime() - 15 * 60_000);

  const students: SeededStudent[] = Array.from({ length: options.students }, (_, index) => ({
    id: nextId(),
    email: `${prefix}-student-${String(index + 1).padStart(5, "0")}@bench.retain.invalid`,
    cardIds: course.cardIds,
  }));
  const heavyId = nextId();
  const heavyEmail = `${prefix}-heavy@bench.retain.invalid`;
  const users = [
    ...students.map((student, index) => ({ id: student.id, email: student.email, name: `Bench Student ${index + 1}`, role: "student" })),
    { id: heavyId, email: heavyEmail, name: "Bench Heavy Student", role: "student" },
  ];
  for (let offset = 0; offset < users.length; offset += 5_000) {
    const slice = users.slice(offset, offset + 5_000);
    await pool.query(
      `INSERT INTO "User" (id, email, name, role, "passwordHash", "sessionVersion", "createdAt", "updatedAt")
       SELECT id, email, name, role::"Role", $5, 0, $6::timestamp, $6::timestamp FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(id, email, name, role)`,
      [slice.map((user) => user.id), slice.map((user) => user.email), slice.map((user) => user.name), slice.map((user) => user.role), passwordHash, stamp(options.now)],
    );
  }

  lap("users inserted");
  let cardStates = 0;
  let reviewLogs = 0;
  let pending: Promise<void> = Promise.resolve();
  const BATCH = 40;
  for (let offset = 0; offset < students.length; offset += BATCH) {
    const batch: StudentWrite[] = students.slice(offset, offset + BATCH).map((student) => {
      const timeZone = rng.pick(TIME_ZONES);
      const context = schedulingContextOf(settingsRow(student.id, course.id, timeZone));
      const { answers, states } = simulateStudent({
        cardIds: course.cardIds,
        days: options.days,
        end,
        habits: typicalHabits(rng, options.days, course.cardIds.length),
        params: context.params,
        dayRule: context.dayRule,
        rng,
      });
      return { userId: student.id, courseId: course.id, settings: { timeZone }, states, answers };
    });
    // Simulate the next batch while Postgres writes this one.
    await pending;
    pending = writeStudents(pool, batch, nextId, options.now).then((written) => {
      cardStates += written.states;
      reviewLogs += written.logs;
    });
    if ((offset / BATCH) % 10 === 9) log(`  seeded ${Math.min(offset + BATCH, students.length)}/${students.length} students`);
  }
  await pending;
  lap("students simulated and written");

  // The heavy student: every card of a large course met over the same period, answering up to
  // a few hundred cards a day; default settings (20 new, 200 reviews a day, UTC).
  const heavyContext = schedulingContextOf(null);
  // Its history ends before today's local day, so today's limits are untouched and the queue holds
  // a full day's work (a backlog of due reviews) rather than whatever a simulated session left.
  const heavyEnd = new Date(startOfLocalDay(options.now, heavyContext.dayRule.timeZone, heavyContext.dayRule.dayStartHour).getTime() - 30 * 60_000);
  const heavySim = simulateStudent({
    cardIds: heavyCourse.cardIds,
    days: options.days,
    end: heavyEnd,
    habits: {
      startDay: 0,
      studyChance: 0.9,
      newPerSession: Math.ceil(heavyCourse.cardIds.length / Math.max(1, Math.floor(options.days * 0.6))),
      reviewsPerSession: 600,
    },
    params: heavyContext.params,
    dayRule: heavyContext.dayRule,
    rng,
  });
  const heavyWritten = await writeStudents(pool, [{ userId: heavyId, courseId: heavyCourse.id, settings: null, states: heavySim.states, answers: heavySim.answers }], nextId, options.now);
  cardStates += heavyWritten.states;
  reviewLogs += heavyWritten.logs;

  lap("heavy student simulated and written");
  // Statistics first: the refresh runs one small indexed query per student and card.
  await pool.query("ANALYZE");
  lap("analyzed");
  const refreshed = await refreshDerivedTables(pool);
  if (refreshed) lap(`derived rows rebuilt (${refreshed})`);
  return {
    course,
    heavyCourse,
    students,
    heavy: {
      id: heavyId,
      email: heavyEmail,
      cardIds: heavyCourse.cardIds,
      states: [...heavySim.states.values()],
      settings: settingsRow(heavyId, heavyCourse.id, "UTC"),
    },
    counts: { users: users.length, cardStates, reviewLogs },
    seconds: (performance.now() - started) / 1000,
  };
}

/** A student with no history (for the browser measurements: a full day of new cards to answer). */
export async function createFreshStudent(pool: pg.Pool, email: string, now: Date): Promise<string> {
  const id = idFactory(createRng(Date.now() % 1_000_000))();
  await pool.query(
    `INSERT INTO "User" (id, email, name, role, "passwordHash", "sessionVersion", "createdAt", "updatedAt") VALUES ($1, $2, 'Bench Phone Student', 'student', $3, 0, $4, $4)`,
    [id, email, await hashPassword(BENCH_PASSWORD), now],
  );
  // The bench measures the review session, so the student has read every course's content note
  // (unread, the review page shows the note instead of the cards).
  await pool.query(`INSERT INTO "ContentNoteAcknowledgement" ("userId", "courseId", "acknowledgedAt") SELECT $1, id, $2 FROM "Course"`, [id, now]);
  return id;
}

/**
 * The seed bypasses triggers (see seedPool), so what triggers on ReviewLog maintain is rebuilt here
 * in one pass: today the class-dashboard summary (`CardReviewSummary`, one row per student and card,
 * through the migration's own refresh function). Returns what was rebuilt, or "" when the schema has
 * no such table.
 */
export async function refreshDerivedTables(pool: pg.Pool, courseId?: string): Promise<string> {
  const { rows } = await pool.query<{ fn: string | null }>(`SELECT to_regproc('retain_refresh_card_review_summary')::text AS fn`);
  if (!rows[0]?.fn) return "";
  const result = await pool.query(
    `SELECT count(*) FROM (
       SELECT retain_refresh_card_review_summary(p."userId", p."cardId", p."courseId")
       FROM (SELECT DISTINCT "userId", "cardId", "courseId" FROM "ReviewLog" WHERE $1::text IS NULL OR "courseId" = $1) p
     ) refreshed`,
    [courseId ?? null],
  );
  return `${result.rows[0]?.count ?? 0} card review summaries`;
}
