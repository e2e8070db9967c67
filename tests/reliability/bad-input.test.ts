/**
 * Scenario 2, bad input: property-based fuzzing (fast-check) of every JSON endpoint of the shared
 * production server. Wrong types, missing and extra fields, huge strings and arrays, odd Unicode,
 * bad numbers, far-off dates, malformed JSON and wrong content types must always get a 4xx (a 400
 * naming the field), never a 5xx, and never a partial write: the rows the caller owns are
 * fingerprinted (counts, versions, timestamps) before and after every case.
 *
 * Run counts are modest (RELIABILITY_FUZZ_RUNS, default 60 per endpoint) so the suite stays fast.
 */
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { baseUrl } from "@/tests/support/http";
import { anonymousClient, registerAndSignIn, uniqueEmail, uniqueIp, type TestClient } from "@/tests/support/session";
import { routeFiles } from "./support/routes";
import { scenario, type Scenario } from "./support/figures";
import {
  DAY_MS,
  NASTY_STRINGS,
  applyPatch,
  badDateTime,
  badNumber,
  casesFor,
  describeCase,
  namesField,
  nastyString,
  tooLong,
  wrongType,
  type EndpointSpec,
  type FuzzCase,
} from "./support/fuzz";
import {
  closeHttpPool,
  createClassIn,
  createCourseIn,
  disconnectAll,
  httpPool,
  prismaFor,
  type TestCourse,
} from "./support/http-db";

const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 60);

let student: TestClient;
let admin: TestClient;
let target: TestClient;
let instructor: TestClient;
let coInstructor: TestClient;
let joiners: TestClient[];
let course: TestCourse;
let classId: string;
let assignmentId: string;
/** The account the password-reset fuzzing resets (a user of its own: every accepted case changes its password). */
let resetTarget: string;

beforeAll(async () => {
  [student, admin, target] = await Promise.all([
    registerAndSignIn(baseUrl, { name: "Fuzz Student" }),
    registerAndSignIn(baseUrl, { role: "admin", name: "Fuzz Admin" }),
    registerAndSignIn(baseUrl, { name: "Fuzz Target" }),
  ]);
  [instructor, coInstructor, ...joiners] = await Promise.all([
    registerAndSignIn(baseUrl, { role: "instructor", name: "Fuzz Instructor" }),
    registerAndSignIn(baseUrl, { role: "instructor", name: "Fuzz Co-instructor" }),
    ...Array.from({ length: 6 }, (_, index) => registerAndSignIn(baseUrl, { name: `Fuzz Joiner ${index}` })),
  ]);
  resetTarget = (await registerAndSignIn(baseUrl, { name: "Fuzz Reset Target" })).user.id;
  course = await createCourseIn(prismaFor(), { lessons: 2, cardsPerLesson: 10 });
  const created = await createClassIn(prismaFor(), { courseId: course.id, ownerId: instructor.user.id });
  classId = created.id;
  const lesson = await prismaFor().lesson.findFirstOrThrow({ where: { courseId: course.id }, select: { id: true } });
  assignmentId = (
    await prismaFor().assignment.create({
      data: {
        classId,
        title: "Fuzz work",
        opensAt: new Date(Date.now() - DAY_MS),
        dueAt: new Date(Date.now() + 30 * DAY_MS),
        lessons: { create: { lessonId: lesson.id } },
      },
      select: { id: true },
    })
  ).id;
});

afterAll(async () => {
  await disconnectAll();
  await closeHttpPool();
});

/** Everything a user owns, condensed: any write at all changes it. */
async function fingerprint(userId: string): Promise<string> {
  const { rows } = await httpPool().query(
    `SELECT (SELECT count(*) FROM "ReviewLog" WHERE "userId" = $1) AS logs,
            (SELECT count(*) FROM "ReviewLog" WHERE "userId" = $1 AND undone) AS undone,
            (SELECT count(*) FROM "CardState" WHERE "userId" = $1) AS states,
            (SELECT coalesce(sum(version), 0) FROM "CardState" WHERE "userId" = $1) AS versions,
            (SELECT count(*) FROM "CourseSettings" WHERE "userId" = $1) AS settings,
            (SELECT max("updatedAt")::text FROM "CourseSettings" WHERE "userId" = $1) AS "settingsAt",
            (SELECT "updatedAt"::text FROM "ReminderSettings" WHERE "userId" = $1) AS "remindersAt",
            (SELECT role::text || ':' || "sessionVersion" || ':' || "updatedAt"::text FROM "User" WHERE id = $1) AS "user",
            (SELECT count(*) || ':' || coalesce(max("joinedAt")::text, '') || ':' || count("removedAt") FROM "Enrollment" WHERE "userId" = $1) AS enrollments,
            (SELECT count(*) FROM "ClassInstructor" WHERE "userId" = $1) AS teaching,
            (SELECT count(*) || ':' || coalesce(max(c."updatedAt")::text, '') FROM "Class" c
               WHERE c.id IN (SELECT "classId" FROM "ClassInstructor" WHERE "userId" = $1)) AS classes,
            (SELECT count(*) || ':' || coalesce(max(a."updatedAt")::text, '') FROM "Assignment" a
               WHERE a."classId" IN (SELECT "classId" FROM "ClassInstructor" WHERE "userId" = $1)) AS assignments,
            (SELECT count(*) FROM "ClassInstructor" ci
               WHERE ci."classId" IN (SELECT "classId" FROM "ClassInstructor" WHERE "userId" = $1)) AS "coTeachers"`,
    [userId],
  );
  return JSON.stringify(rows[0]);
}

type Sent = {
  status: number;
  text: string;
  body: { error?: { code?: string; message?: string; fields?: Record<string, string[]> } } | null;
};

async function send(
  client: { fetch: TestClient["fetch"] },
  method: string,
  path: string,
  request: ReturnType<typeof applyPatch>,
  s: Scenario,
): Promise<Sent> {
  const headers: Record<string, string> = {};
  let body: BodyInit | undefined;
  if (request.raw !== undefined) {
    const raw =
      typeof request.raw === "string" && request.contentType === null
        ? new TextEncoder().encode(request.raw)
        : request.raw;
    body = raw as BodyInit;
    if (request.contentType) headers["content-type"] = request.contentType;
  } else if (request.json !== undefined) {
    body = JSON.stringify(request.json);
    headers["content-type"] = "application/json";
  }
  const response = await client.fetch(path, { method, body, headers });
  s.add("requests");
  const text = await response.text();
  let parsed: Sent["body"] = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: checked below
  }
  return { status: response.status, text, body: parsed };
}

/** The rules every answer to a bad input must follow; returns what was wrong, if anything. */
function judge(fuzzCase: FuzzCase, sent: Sent, okStatuses: number[]): string | null {
  const { status, body } = sent;
  if (status >= 500) return `${status} ${sent.text.slice(0, 200)}`;
  if (status >= 400) {
    if (!body?.error?.message) return `${status} without a JSON error message: ${sent.text.slice(0, 120)}`;
    if (status === 400) {
      if (!body.error.fields || Object.keys(body.error.fields).length === 0)
        return `400 without error.fields: ${sent.text.slice(0, 160)}`;
      if (fuzzCase.field && !namesField(body.error.fields, fuzzCase.field)) {
        return `400 names ${JSON.stringify(Object.keys(body.error.fields))}, not ${fuzzCase.field}`;
      }
    }
    return null;
  }
  if (fuzzCase.expect === "invalid") return `accepted (${status}) an input that must be refused`;
  if (!okStatuses.includes(status)) return `unexpected ${status}`;
  return null;
}

type Endpoint = {
  name: string;
  route: string;
  method: string;
  path: () => string;
  client: () => TestClient;
  /** Whose rows must stay unchanged after a refusal (given the case's client). */
  owner: (client: TestClient) => string;
  valid: () => Record<string, unknown> | Promise<Record<string, unknown>>;
  spec: EndpointSpec;
  ok: number[];
  /** Extra checks after each case (e.g. "the refused sign-up created no user"). */
  after?: (fuzzCase: FuzzCase, request: ReturnType<typeof applyPatch>, sent: Sent) => Promise<string | null>;
};

const now = Date.now();
const OFFLINE_WINDOW = { from: now - 30 * DAY_MS, to: now + 2 * 60_000 };
let cardCursor = 0;
const nextCard = () => course.cards[cardCursor++ % course.cards.length]!.id;
const key = () => crypto.randomUUID();

const cardId = {
  invalid: fc.oneof(wrongType("string"), fc.constant(""), tooLong(64)),
  odd: nastyString.filter((value) => value.length >= 1 && value.length <= 64),
};
const idempotencyKey = {
  invalid: fc.oneof(
    wrongType("string"),
    fc.string({ maxLength: 7 }),
    tooLong(128),
    nastyString
      .map((value) => `key-key-${value}`)
      .filter((value) => value.length <= 128 && /[^A-Za-z0-9_\-:.]/.test(value)),
  ),
};
const answerFields = {
  cardId,
  rating: { invalid: fc.oneof(wrongType("integer"), badNumber, fc.integer({ min: 5 }), fc.constant(0)) },
  idempotencyKey,
  version: {
    invalid: fc.oneof(wrongType("integer"), fc.integer({ max: -1 }), fc.constant(0.5)),
    odd: fc.integer({ min: 0, max: 2 ** 31 }),
  },
  reviewedAt: { invalid: fc.oneof(wrongType("string"), badDateTime(OFFLINE_WINDOW.from, OFFLINE_WINDOW.to)) },
  durationMs: { invalid: fc.oneof(wrongType("integer"), fc.integer({ max: -1 }), fc.integer({ min: 3_600_001 })) },
};
const slug = {
  invalid: fc.oneof(
    wrongType("string"),
    fc.constantFrom("", "UPPER", "a b", "-lead", "trail-", "a--b", "ü"),
    tooLong(100),
  ),
  odd: nastyString,
};

const recentIso = () => new Date(Date.now() - 60_000 - Math.floor(Math.random() * 3_600_000)).toISOString();

const ENDPOINTS: Endpoint[] = [
  {
    name: "answer",
    route: "app/api/review/route.ts",
    method: "POST",
    path: () => "/api/review",
    client: () => student,
    owner: (client) => client.user.id,
    valid: () => ({ cardId: nextCard(), rating: 3, idempotencyKey: key() }),
    spec: { fields: answerFields, required: ["cardId", "rating", "idempotencyKey"], strict: true },
    ok: [200],
  },
  {
    name: "sync",
    route: "app/api/review/sync/route.ts",
    method: "POST",
    path: () => "/api/review/sync",
    client: () => student,
    owner: (client) => client.user.id,
    valid: () => ({
      reviews: [
        { cardId: nextCard(), rating: 3, idempotencyKey: key(), reviewedAt: recentIso() },
        { cardId: nextCard(), rating: 2, idempotencyKey: key(), reviewedAt: recentIso() },
      ],
    }),
    spec: {
      fields: {
        reviews: {
          invalid: fc.oneof(
            wrongType("array"),
            fc.constant([]),
            fc.constant(
              Array.from({ length: 501 }, (_, index) => ({
                cardId: `c${index}`,
                rating: 3,
                idempotencyKey: `key-${index}-xxxxxxxx`,
                reviewedAt: new Date(now).toISOString(),
              })),
            ),
            fc.array(wrongType("object"), { minLength: 1, maxLength: 3 }),
          ),
        },
        ...Object.fromEntries(Object.entries(answerFields).map(([name, field]) => [`reviews.1.${name}`, field])),
        // In a batch, a well-formed time outside the offline window rejects that item alone (200, status "rejected"; see `after`).
        "reviews.1.reviewedAt": {
          invalid: fc.oneof(
            wrongType("string"),
            fc.constantFrom("yesterday", "", "2026-13-01T00:00:00Z", "2026-01-01", "NaN"),
          ),
          odd: badDateTime(OFFLINE_WINDOW.from, OFFLINE_WINDOW.to),
        },
      },
      required: ["reviews", "reviews.1.cardId", "reviews.1.rating", "reviews.1.idempotencyKey", "reviews.1.reviewedAt"],
      strict: true,
    },
    ok: [200],
    after: async (fuzzCase, request, sent) => {
      if (sent.status !== 200 || fuzzCase.patch.op !== "set" || fuzzCase.patch.path !== "reviews.1.reviewedAt")
        return null;
      const at = Date.parse(String(fuzzCase.patch.value));
      const outside = !(at >= OFFLINE_WINDOW.from && at <= OFFLINE_WINDOW.to);
      const result = (sent.body as { results?: { status: string; idempotencyKey: string }[] } | null)?.results?.[1];
      const key = ((request.json as { reviews: { idempotencyKey: string }[] }).reviews[1] ?? {}).idempotencyKey;
      if (outside && result?.status !== "rejected")
        return `item dated ${String(fuzzCase.patch.value)} was ${result?.status}, not rejected`;
      if (outside) {
        const { rows } = await httpPool().query(
          `SELECT count(*)::int AS n FROM "ReviewLog" WHERE "idempotencyKey" = $1`,
          [key],
        );
        if (rows[0].n !== 0) return "a rejected item was written";
      }
      return null;
    },
  },
  {
    name: "undo",
    route: "app/api/review/undo/route.ts",
    method: "POST",
    path: () => "/api/review/undo",
    client: () => student,
    owner: (client) => client.user.id,
    valid: () => ({ course: course.slug }),
    spec: { fields: { course: slug }, required: ["course"], strict: true },
    ok: [200],
  },
  {
    name: "card action",
    route: "app/api/review/card/route.ts",
    method: "POST",
    path: () => "/api/review/card",
    client: () => student,
    owner: (client) => client.user.id,
    valid: () => ({ cardId: nextCard(), action: "suspend" }),
    spec: {
      fields: {
        cardId,
        action: {
          invalid: fc.oneof(
            wrongType("string"),
            fc.string({ maxLength: 12 }).filter((value) => !["suspend", "unsuspend", "reset"].includes(value)),
            fc.constant("SUSPEND"),
          ),
        },
        idempotencyKey,
      },
      required: ["cardId", "action"],
      strict: true,
    },
    ok: [200],
  },
  {
    name: "settings",
    route: "app/api/courses/[slug]/settings/route.ts",
    method: "PUT",
    path: () => `/api/courses/${course.slug}/settings`,
    client: () => student,
    owner: (client) => client.user.id,
    valid: () => ({ desiredRetention: 0.9, newPerDay: 20, reviewsPerDay: 200, timeZone: "UTC", dayStartHour: 4 }),
    spec: {
      fields: {
        desiredRetention: {
          invalid: fc.oneof(
            wrongType("number"),
            fc.double({ noNaN: true, noDefaultInfinity: true, max: 0.699 }),
            fc.double({ noNaN: true, noDefaultInfinity: true, min: 0.971 }),
          ),
        },
        newPerDay: {
          invalid: fc.oneof(wrongType("integer"), fc.integer({ max: -1 }), fc.integer({ min: 10_000 }), badNumber),
        },
        reviewsPerDay: {
          invalid: fc.oneof(wrongType("integer"), fc.integer({ max: -1 }), fc.integer({ min: 100_000 })),
        },
        timeZone: {
          invalid: fc.oneof(
            wrongType("string"),
            fc.constantFrom("", "Mars/Olympus_Mons", "UTC+25", "../../etc/localtime"),
            tooLong(64),
          ),
          odd: nastyString,
        },
        dayStartHour: {
          invalid: fc.oneof(wrongType("integer"), fc.integer({ max: -1 }), fc.integer({ min: 24 }), fc.constant(4.5)),
        },
      },
      required: ["desiredRetention", "newPerDay", "reviewsPerDay", "timeZone", "dayStartHour"],
      strict: true,
    },
    ok: [200],
  },
  {
    name: "fitted weights choice",
    route: "app/api/courses/[slug]/memory-model/me/route.ts",
    method: "PUT",
    path: () => `/api/courses/${course.slug}/memory-model/me`,
    client: () => student,
    owner: (client) => client.user.id,
    valid: () => ({ useFittedWeights: true }),
    spec: {
      fields: { useFittedWeights: { invalid: fc.oneof(wrongType("boolean"), fc.constantFrom("true", "false", 0, 1)) } },
      required: ["useFittedWeights"],
      strict: true,
    },
    ok: [200],
  },
  {
    name: "register",
    route: "app/api/auth/register/route.ts",
    method: "POST",
    path: () => "/api/auth/register",
    client: () => anonymousClient(baseUrl, uniqueIp()) as unknown as TestClient,
    owner: () => target.user.id,
    valid: () => ({ name: "Fuzz Sign-up", email: uniqueEmail("fuzz"), password: `pw-${key()}` }),
    spec: {
      fields: {
        name: { invalid: fc.oneof(wrongType("string"), fc.constantFrom("", "   "), tooLong(100)), odd: nastyString },
        email: {
          invalid: fc.oneof(
            wrongType("string"),
            fc.constantFrom("", "no-at-sign", "a@", "@b.c", "a b@c.d"),
            tooLong(254),
          ),
          odd: nastyString.map((value) => `${value}@example.test`),
        },
        password: {
          invalid: fc.oneof(
            wrongType("string"),
            fc.string({ maxLength: 7 }),
            tooLong(256),
            fc.constantFrom("password123", "qwertyuiop", "iloveyou1"),
          ),
          odd: nastyString.map((value) => `${value}-padding-${key().slice(0, 8)}`),
        },
      },
      required: ["name", "email", "password"],
      strict: true,
    },
    ok: [201],
    after: async (_case, request, sent) => {
      const email = (request.json as { email?: unknown } | undefined)?.email;
      // Text Postgres cannot compare (NUL, lone surrogates) could never have been stored.
      if (typeof email !== "string" || email.includes("\u0000") || !email.isWellFormed()) return null;
      const { rows } = await httpPool().query(`SELECT count(*)::int AS n FROM "User" WHERE email = $1`, [
        email.trim().toLowerCase(),
      ]);
      const exists = rows[0].n > 0;
      if (sent.status === 201 && !exists) return "201 but no user was stored";
      if (sent.status >= 400 && exists && !sent.text.includes("already"))
        return `${sent.status} but the user was stored`;
      return null;
    },
  },
  {
    name: "reminder settings",
    route: "app/api/me/reminders/route.ts",
    method: "PUT",
    path: () => "/api/me/reminders",
    client: () => student,
    owner: (client) => client.user.id,
    valid: () => ({ enabled: true, hour: 18, timeZone: "America/Chicago" }),
    spec: {
      fields: {
        enabled: { invalid: wrongType("boolean") },
        hour: { invalid: fc.oneof(wrongType("integer"), fc.integer({ max: -1 }), fc.integer({ min: 24 }), badNumber) },
        timeZone: {
          invalid: fc.oneof(wrongType("string"), fc.constantFrom("", "Mars/Olympus_Mons", "UTC+25"), tooLong(64)),
          odd: nastyString,
        },
      },
      required: ["enabled", "hour", "timeZone"],
      strict: true,
    },
    ok: [200],
  },
  {
    name: "password reset request",
    route: "app/api/auth/password-reset/route.ts",
    method: "POST",
    path: () => "/api/auth/password-reset",
    // A fresh client address each time: the per-IP limit is not what is fuzzed here.
    client: () => anonymousClient(baseUrl, uniqueIp()) as unknown as TestClient,
    owner: () => target.user.id,
    valid: () => ({ email: uniqueEmail("fuzz-reset") }),
    spec: {
      fields: {
        email: {
          invalid: fc.oneof(wrongType("string"), fc.constantFrom("", "no-at-sign", "a@", "@b.c", "a b@c.d"), tooLong(254)),
          odd: nastyString.map((value) => `${value}@example.test`),
        },
      },
      required: ["email"],
      strict: true,
    },
    ok: [202],
  },
  {
    name: "email verification resend",
    route: "app/api/auth/verify-email/resend/route.ts",
    method: "POST",
    path: () => "/api/auth/verify-email/resend",
    // A fresh client address each time: the per-IP limit is not what is fuzzed here.
    client: () => anonymousClient(baseUrl, uniqueIp()) as unknown as TestClient,
    owner: () => target.user.id,
    valid: () => ({ email: uniqueEmail("fuzz-verify") }),
    spec: {
      fields: {
        email: {
          invalid: fc.oneof(wrongType("string"), fc.constantFrom("", "no-at-sign", "a@", "@b.c", "a b@c.d"), tooLong(254)),
          odd: nastyString.map((value) => `${value}@example.test`),
        },
      },
      required: ["email"],
      strict: true,
    },
    ok: [202],
  },
  {
    name: "email verification confirm",
    route: "app/api/auth/verify-email/route.ts",
    method: "POST",
    path: () => "/api/auth/verify-email",
    client: () => anonymousClient(baseUrl, uniqueIp()) as unknown as TestClient,
    owner: () => target.user.id,
    // A real link for the owner, issued as the job would (only the token's hash is stored).
    valid: async () => {
      const token = randomBytes(32).toString("base64url");
      await httpPool().query(
        `INSERT INTO "EmailVerificationToken" (id, "userId", "tokenHash", "expiresAt") VALUES ($1, $2, $3, now() + interval '48 hours')`,
        [key(), target.user.id, createHash("sha256").update(token).digest("hex")],
      );
      return { token };
    },
    spec: {
      fields: { token: { invalid: fc.oneof(wrongType("string"), fc.constant(""), tooLong(200)) } },
      required: ["token"],
      strict: true,
    },
    ok: [200],
  },
  {
    name: "password reset confirm",
    route: "app/api/auth/password-reset/confirm/route.ts",
    method: "POST",
    path: () => "/api/auth/password-reset/confirm",
    client: () => anonymousClient(baseUrl, uniqueIp()) as unknown as TestClient,
    owner: () => resetTarget,
    // A real link for the owner, issued as the job would (only the token's hash is stored).
    valid: async () => {
      const token = randomBytes(32).toString("base64url");
      const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
      const { rows } = await httpPool().query(`SELECT "passwordHash" FROM "User" WHERE id = $1`, [resetTarget]);
      await httpPool().query(
        `INSERT INTO "PasswordResetToken" (id, "userId", "tokenHash", "passwordStamp", "expiresAt")
         VALUES ($1, $2, $3, $4, now() + interval '1 hour')`,
        [key(), resetTarget, sha256(token), sha256(rows[0].passwordHash)],
      );
      return { token, password: `pw-${key()}` };
    },
    spec: {
      fields: {
        token: { invalid: fc.oneof(wrongType("string"), fc.constant(""), tooLong(200)) },
        password: {
          invalid: fc.oneof(wrongType("string"), fc.string({ maxLength: 7 }), tooLong(256), fc.constantFrom("password123", "qwertyuiop")),
          odd: nastyString.map((value) => `${value}-padding-${key().slice(0, 8)}`),
        },
      },
      required: ["token", "password"],
      strict: true,
    },
    ok: [200],
  },
  {
    name: "admin role change",
    route: "app/api/admin/users/[id]/route.ts",
    method: "PATCH",
    path: () => `/api/admin/users/${target.user.id}`,
    client: () => admin,
    owner: () => target.user.id,
    valid: () => ({ role: "student" }),
    spec: {
      fields: {
        role: {
          invalid: fc.oneof(
            wrongType("string"),
            fc.string({ maxLength: 10 }).filter((value) => !["student", "instructor", "admin"].includes(value)),
            fc.constantFrom("ADMIN", " admin", "owner"),
          ),
        },
      },
      required: ["role"],
      strict: true,
    },
    ok: [200],
  },
  {
    name: "create class",
    route: "app/api/classes/route.ts",
    method: "POST",
    path: () => "/api/classes",
    client: () => instructor,
    owner: (client) => client.user.id,
    valid: () => ({ name: "Fuzz class", term: "Fall", courseSlug: course.slug, timeZone: "Europe/Berlin" }),
    spec: {
      fields: {
        name: {
          invalid: fc.oneof(wrongType("string"), fc.constantFrom("", "  ", "a\u0007b", "x\u001fy"), tooLong(100)),
          odd: nastyString,
        },
        term: { invalid: fc.oneof(wrongType("string"), fc.constantFrom("", "\u0001"), tooLong(60)), odd: nastyString },
        courseSlug: { invalid: fc.oneof(slug.invalid, fc.constant("no-such-course")), odd: nastyString },
        timeZone: {
          invalid: fc.oneof(wrongType("string"), fc.constantFrom("", "Mars/Olympus_Mons", "UTC+25"), tooLong(64)),
          odd: nastyString,
        },
      },
      required: ["name", "term", "courseSlug"],
      strict: true,
    },
    ok: [201],
  },
  {
    name: "update class",
    route: "app/api/classes/[id]/route.ts",
    method: "PATCH",
    path: () => `/api/classes/${classId}`,
    client: () => instructor,
    owner: (client) => client.user.id,
    valid: () => ({ name: "Fuzz class renamed" }),
    spec: {
      fields: {
        name: {
          invalid: fc.oneof(wrongType("string"), fc.constantFrom("", "  ", "a\u0007b"), tooLong(100)),
          odd: nastyString,
        },
        term: { invalid: fc.oneof(wrongType("string"), tooLong(60)), odd: nastyString },
        timeZone: { invalid: fc.oneof(wrongType("string"), fc.constantFrom("Mars/Olympus_Mons")), odd: nastyString },
        joinEnabled: { invalid: wrongType("boolean") },
        archived: { invalid: wrongType("boolean") },
      },
      required: [],
      strict: true,
    },
    ok: [200],
  },
  {
    name: "create assignment",
    route: "app/api/classes/[id]/assignments/route.ts",
    method: "POST",
    path: () => `/api/classes/${classId}/assignments`,
    client: () => instructor,
    owner: (client) => client.user.id,
    valid: () => ({ lessonKeys: [course.lessonKeys[0]], dueAt: "2030-01-01T23:59", goal: "learn" }),
    spec: {
      fields: {
        title: { invalid: fc.oneof(wrongType("string"), fc.constantFrom("", " "), tooLong(120)), odd: nastyString },
        lessonKeys: {
          invalid: fc.oneof(
            wrongType("array"),
            fc.constant([]),
            fc.constant(["no-such-lesson"]),
            fc.constant(Array.from({ length: 201 }, (_, index) => `lesson-${index}`)),
            fc.array(wrongType("string"), { minLength: 1, maxLength: 3 }),
          ),
          odd: fc.array(nastyString, { minLength: 1, maxLength: 3 }),
        },
        // With lessonKeys as well: refused, the message naming both ("choose lessons or a whole unit").
        unitKey: { invalid: wrongType("string"), odd: fc.constant("unit-1") },
        opensAt: {
          invalid: fc.oneof(wrongType("string"), fc.constantFrom("", "tomorrow", "2026-13-01T00:00")),
          // After the due time: refused, but the error names dueAt ("must be after the opening time").
          odd: fc.oneof(badDateTime(now, now), fc.constant("2031-01-01T00:00")),
        },
        dueAt: {
          invalid: fc.oneof(
            wrongType("string"),
            fc.constantFrom("", "tomorrow", "2026-13-01T00:00", "2026-01-01T25:00", "1970-01-01T00:00"),
            tooLong(40),
          ),
          odd: badDateTime(now, now),
        },
        goal: { invalid: fc.oneof(wrongType("string"), fc.constantFrom("LEARN", "pass", "")) },
      },
      required: ["dueAt", "lessonKeys"],
      strict: true,
    },
    ok: [201],
  },
  {
    name: "update assignment",
    route: "app/api/classes/[id]/assignments/[assignmentId]/route.ts",
    method: "PATCH",
    path: () => `/api/classes/${classId}/assignments/${assignmentId}`,
    client: () => instructor,
    owner: (client) => client.user.id,
    // Each case starts from the same times: an accepted odd opening time must not make a later "due before opening" case valid.
    valid: async () => {
      await prismaFor().assignment.update({
        where: { id: assignmentId },
        data: { opensAt: new Date(now - DAY_MS), dueAt: new Date(now + 30 * DAY_MS), archivedAt: null },
      });
      return { title: "Fuzz work renamed" };
    },
    spec: {
      fields: {
        title: { invalid: fc.oneof(wrongType("string"), fc.constantFrom("", " "), tooLong(120)), odd: nastyString },
        opensAt: {
          invalid: fc.oneof(wrongType("string"), fc.constantFrom("", "tomorrow")),
          // After the due time: refused, but the error names dueAt ("must be after the opening time").
          odd: fc.oneof(badDateTime(now, now), fc.constant("2099-01-01T00:00")),
        },
        dueAt: {
          invalid: fc.oneof(wrongType("string"), fc.constantFrom("", "1970-01-01T00:00", "2026-13-01T00:00")),
          odd: badDateTime(now, now),
        },
        goal: { invalid: fc.oneof(wrongType("string"), fc.constantFrom("LEARN", "")) },
        archived: { invalid: wrongType("boolean") },
      },
      required: [],
      strict: true,
    },
    ok: [200],
  },
  {
    name: "add co-instructor",
    route: "app/api/classes/[id]/instructors/route.ts",
    method: "POST",
    path: () => `/api/classes/${classId}/instructors`,
    client: () => instructor,
    owner: (client) => client.user.id,
    valid: () => ({ email: coInstructor.user.email }),
    spec: {
      fields: {
        email: {
          invalid: fc.oneof(
            wrongType("string"),
            fc.constantFrom("", "not-an-email", "a@"),
            tooLong(254),
            fc.constant(null).map(() => student.user.email),
          ),
          odd: nastyString.map((value) => `${value}@example.test`),
        },
      },
      required: ["email"],
      strict: true,
    },
    ok: [201],
  },
  {
    name: "join class",
    route: "app/api/classes/join/route.ts",
    method: "POST",
    path: () => "/api/classes/join",
    client: () => joiners[joinCursor++ % joiners.length]!,
    owner: (client) => client.user.id,
    valid: async () => ({
      code: (await prismaFor().class.findUniqueOrThrow({ where: { id: classId }, select: { joinCode: true } }))
        .joinCode,
    }),
    spec: {
      fields: {
        code: {
          invalid: fc.oneof(wrongType("string"), fc.constantFrom("", "!!!", "short"), tooLong(64)),
          odd: nastyString,
        },
      },
      required: ["code"],
      strict: true,
    },
    ok: [200],
  },
];
let joinCursor = 0;

describe("JSON bodies", () => {
  test("every JSON endpoint has a fuzz spec", () => {
    const readsJson = routeFiles()
      .filter(({ file }) => /readJson\(/.test(fs.readFileSync(file, "utf8")))
      .flatMap(({ file, methods }) =>
        methods.filter((method) => method !== "GET").map((method) => `${method} ${file}`),
      );
    const covered = new Set(ENDPOINTS.map((endpoint) => `${endpoint.method} ${endpoint.route}`));
    expect(
      readsJson.filter((entry) => !covered.has(entry)),
      "JSON endpoints without a fuzz spec in bad-input.test.ts",
    ).toEqual([]);
  });

  for (const endpoint of ENDPOINTS) {
    test(`${endpoint.method} ${endpoint.route} (${endpoint.name}): always 4xx naming the field, never 5xx, never a partial write`, async () => {
      const s = scenario(
        `input-${endpoint.name.replaceAll(" ", "-")}`,
        "input",
        `Fuzz ${endpoint.method} ${endpoint.route.replace(/^app|\/route\.ts$/g, "")}`,
      );
      const failures = new Map<string, string>();
      const runCase = async (fuzzCase: FuzzCase) => {
        const client = endpoint.client();
        const owner = endpoint.owner(client);
        // The valid body first: making it may itself write (resetting the fuzzed row), before the "nothing written" baseline.
        const request = applyPatch(await endpoint.valid(), fuzzCase.patch);
        const before = await fingerprint(owner);
        const sent = await send(client, endpoint.method, endpoint.path(), request, s);
        s.add("inputs tried");
        s.add(`cases: ${fuzzCase.kind}`);
        if (sent.status >= 400 && sent.status < 500) s.add("refused 4xx");
        let problem = judge(fuzzCase, sent, endpoint.ok);
        if (!problem && endpoint.after) problem = await endpoint.after(fuzzCase, request, sent);
        if (!problem && sent.status >= 400) {
          const after = await fingerprint(owner);
          if (after !== before) problem = `refused with ${sent.status} but rows changed: ${before} → ${after}`;
        }
        if (problem) {
          s.add("failures");
          const signature = `${fuzzCase.kind} ${fuzzCase.field ?? (fuzzCase.patch.op === "set" ? fuzzCase.patch.path : "")} → ${problem.slice(0, 60)}`;
          if (!failures.has(signature)) failures.set(signature, `${describeCase(fuzzCase)}: ${problem}`);
        }
      };
      // Every nasty string in every field once, then random cases.
      for (const field of Object.keys(endpoint.spec.fields)) {
        for (const value of NASTY_STRINGS)
          await runCase({ kind: "odd-field", patch: { op: "set", path: field, value }, expect: "any" });
      }
      await fc.assert(fc.asyncProperty(casesFor(endpoint.spec), runCase), { numRuns: RUNS });
      s.set("partial writes", [...failures.values()].filter((failure) => failure.includes("rows changed")).length);
      s.set("5xx answers", [...failures.values()].filter((failure) => /: 5\d\d /.test(failure)).length);
      expect([...failures.values()]).toEqual([]);
    });
  }
});

describe("URLs", () => {
  test("odd ids and slugs in paths and query strings: 4xx, never 5xx", async () => {
    const s = scenario("input-urls", "input", "Fuzz ids and slugs in paths, and query strings");
    const failures: string[] = [];
    // A URL cannot carry a lone surrogate (encodeURIComponent throws): those are tried in JSON bodies instead.
    const urlText = nastyString.filter((value) => value.isWellFormed());
    const segment = fc.oneof(
      urlText.filter((value) => value.length > 0),
      tooLong(100, 200),
      fc.constantFrom("%", "..", ".", "%2e%2e", "null", "undefined", "0", "-1"),
    );
    const query = fc.record({
      course: fc.oneof(fc.constant(course.slug), urlText),
      limit: fc.oneof(
        fc.constantFrom("abc", "-1", "0", "201", "1e9", "NaN", "Infinity", "", "1.5", "0x10", "50"),
        urlText,
      ),
      extra: fc.option(fc.string({ maxLength: 5 }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(
        segment,
        query,
        fc.oneof(fc.constant(""), urlText, tooLong(254, 10)),
        fc.constantFrom("1", "0", "-5", "abc", "1e30", "NaN", "99999999999"),
        async (value, params, q, page) => {
          const encoded = encodeURIComponent(value);
          const requests: [TestClient, string, string, unknown][] = [
            [student, "GET", `/api/courses/${encoded}`, undefined],
            [student, "GET", `/api/courses/${encoded}/stats`, undefined],
            [student, "GET", `/api/courses/${encoded}/settings`, undefined],
            [
              student,
              "PUT",
              `/api/courses/${encoded}/settings`,
              { desiredRetention: 0.9, newPerDay: 20, reviewsPerDay: 200, timeZone: "UTC", dayStartHour: 4 },
            ],
            [admin, "PATCH", `/api/admin/users/${encoded}`, { role: "student" }],
            [
              student,
              "GET",
              `/api/review/queue?${new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined))}`,
              undefined,
            ],
            [admin, "GET", `/api/admin/users?${new URLSearchParams({ q, page })}`, undefined],
          ];
          for (const [client, method, path, json] of requests) {
            const response = await client.fetch(path, { method, json });
            s.add("requests");
            s.add("inputs tried");
            if (response.status >= 500)
              failures.push(
                `${method} ${path.slice(0, 120)}: ${response.status} ${(await response.text()).slice(0, 120)}`,
              );
            else await response.body?.cancel();
          }
        },
      ),
      { numRuns: Math.max(10, Math.round(RUNS / 3)) },
    );
    expect(failures).toEqual([]);
  });
});

describe("server-action inputs", () => {
  test("lib functions behind the forms refuse text the database cannot store, naming the field", async () => {
    const s = scenario(
      "input-actions",
      "input",
      "Form inputs (server actions) with NUL / lone surrogates: 400-style ValidationError, no write",
    );
    const { registerUser } = await import("@/lib/accounts/users");
    const { updateStudySettings } = await import("@/lib/review/settings");
    const { createClass } = await import("@/lib/classes/classes");
    const { ValidationError } = await import("@/lib/errors");
    const { db } = await import("@/lib/db/client");
    const { createCourse, createUser } = await import("@/tests/support/fixtures");
    const fileCourse = await createCourse({ lessons: 1, cardsPerLesson: 1 });
    const user = await createUser("instructor");
    const attempts: [string, () => Promise<unknown>, string][] = [];
    for (const bad of ["a\u0000b", "x\ud800y"]) {
      attempts.push(
        [
          "sign-up name",
          () =>
            registerUser({
              name: bad,
              email: `action-${crypto.randomUUID().slice(0, 8)}@example.test`,
              password: `pw-${crypto.randomUUID()}`,
            }),
          "name",
        ],
        [
          "sign-up password",
          () =>
            registerUser({
              name: "ok",
              email: `action-${crypto.randomUUID().slice(0, 8)}@example.test`,
              password: `pw-${bad}-${crypto.randomUUID()}`,
            }),
          "password",
        ],
        [
          "settings time zone",
          () =>
            updateStudySettings(user, fileCourse.slug, {
              desiredRetention: 0.9,
              newPerDay: 20,
              reviewsPerDay: 200,
              timeZone: bad,
              dayStartHour: 4,
            }),
          "timeZone",
        ],
        ["class name", () => createClass(user, { name: bad, term: "T", courseSlug: fileCourse.slug }), "name"],
      );
    }
    const before = await Promise.all([db().user.count(), db().courseSettings.count(), db().class.count()]);
    const problems: string[] = [];
    for (const [what, attempt, field] of attempts) {
      s.add("inputs tried");
      try {
        await attempt();
        problems.push(`${what}: accepted`);
      } catch (error) {
        if (!(error instanceof ValidationError))
          problems.push(`${what}: ${(error as Error).name} ${(error as Error).message.split("\n").at(-1)}`);
        else if (!Object.keys(error.fields).some((key) => key === field))
          problems.push(`${what}: names ${Object.keys(error.fields)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(await Promise.all([db().user.count(), db().courseSettings.count(), db().class.count()])).toEqual(before);
  });
});
