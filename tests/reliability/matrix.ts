/**
 * The authorization matrix: who gets which status from every route handler, page and server action.
 * tests/reliability/authorization.test.ts reads these tables, enumerates `app/api/**\/route.ts`,
 * `app/**\/page.tsx` and every `"use server"` file at test time, and FAILS when one is missing here,
 * so a new route cannot skip the matrix. Add a row when you add a route.
 *
 * Actors: anonymous, two students (A is enrolled in the instructor's class, B in the other
 * instructor's class), the class's instructor (owner), another instructor, and an admin.
 * Requests run in table order, actor by actor, so a row may rely on an earlier one (undo after
 * answer). Every signed-in response body is also scanned for other actors' ids and emails: a row
 * lists in `reveals` whom an actor may legitimately see (an admin listing users, an instructor's roster).
 */
import { randomUUID } from "node:crypto";
import type { TestCourse } from "./support/http-db";

export const ACTORS = ["anonymous", "studentA", "studentB", "instructor", "otherInstructor", "admin"] as const;
export type ActorName = (typeof ACTORS)[number];
export type SignedInActor = Exclude<ActorName, "anonymous">;
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type Expectation = Record<ActorName, number>;

export type MatrixUser = { id: string; email: string; name: string };

export type MatrixContext = {
  course: TestCourse;
  /** Another course, for ids that exist but belong elsewhere. */
  otherCourse: TestCourse;
  users: Record<SignedInActor, MatrixUser>;
  /** An instructor account that is none of the actors: the co-instructor rows add and remove it. */
  spareInstructor: MatrixUser;
  /** Taught (owned) by `instructor`; studentA is enrolled. */
  classId: string;
  /** Taught by `otherInstructor`; studentB is enrolled. */
  otherClassId: string;
  /** An assignment in `classId`. */
  assignmentId: string;
  /** An assignment in `otherClassId`. */
  otherAssignmentId: string;
  /** A fresh idempotency key. */
  key(): string;
  /** Direct database steps for `prepare`/`after` (the HTTP server's database). */
  setup: {
    enrol(classId: string, userId: string): Promise<void>;
    unenrol(classId: string, userId: string): Promise<void>;
    makeCoInstructor(classId: string, userId: string): Promise<void>;
    joinCode(classId: string): Promise<string>;
  };
};

export type ApiCase = {
  route: string;
  method: Method;
  /** What the row checks, when the path alone does not say. */
  label?: string;
  path: (ctx: MatrixContext, actor: ActorName) => string;
  body?: (ctx: MatrixContext, actor: ActorName) => unknown | Promise<unknown>;
  /** Runs before each actor's request (e.g. re-enrol the student the row removes). */
  prepare?: (ctx: MatrixContext, actor: ActorName) => Promise<void>;
  /** Runs after each actor's request (e.g. undo a join, so later rows see the same classes). */
  after?: (ctx: MatrixContext, actor: ActorName) => Promise<void>;
  expect: Expectation;
  /** Other actors whose ids/emails this actor may see in the body. */
  reveals?: Partial<Record<ActorName, readonly ActorName[]>>;
};

// ---------------------------------------------------------------------------------------------
// Expectation shorthands
// ---------------------------------------------------------------------------------------------

export const everyone = (status: number): Expectation => ({
  anonymous: status,
  studentA: status,
  studentB: status,
  instructor: status,
  otherInstructor: status,
  admin: status,
});
export const signedIn = (status: number): Expectation => ({ ...everyone(status), anonymous: 401 });
export const adminOnly = (status = 200): Expectation => ({ ...signedIn(403), admin: status });
/** A class taught by `instructor`: students 403, other instructors 404 (ids cannot be probed), admin allowed. */
export const classTeachers = (status = 200): Expectation => ({
  anonymous: 401,
  studentA: 403,
  studentB: 403,
  instructor: status,
  otherInstructor: 404,
  admin: status,
});
export const instructorsAndAdmins = (status = 200): Expectation => ({
  anonymous: 401,
  studentA: 403,
  studentB: 403,
  instructor: status,
  otherInstructor: status,
  admin: status,
});

const ALL_SIGNED_IN: readonly ActorName[] = ["studentA", "studentB", "instructor", "otherInstructor", "admin"];

export const freshKey = () => randomUUID();
const card = (ctx: MatrixContext, index = 0) => ctx.course.cards[index]!.id;

// ---------------------------------------------------------------------------------------------
// Route handlers
// ---------------------------------------------------------------------------------------------

export const API_MATRIX: ApiCase[] = [
  // Public
  { route: "app/api/health/route.ts", method: "GET", path: () => "/api/health", expect: everyone(200) },
  {
    route: "app/api/bench/ceiling/route.ts",
    method: "GET",
    label: "off unless RETAIN_BENCH=1",
    path: () => "/api/bench/ceiling",
    expect: everyone(404),
  },
  {
    route: "app/api/auth/[...nextauth]/route.ts",
    method: "GET",
    path: () => "/api/auth/session",
    expect: everyone(200),
  },
  {
    route: "app/api/auth/[...nextauth]/route.ts",
    method: "GET",
    label: "csrf",
    path: () => "/api/auth/csrf",
    expect: everyone(200),
  },
  {
    route: "app/api/auth/[...nextauth]/route.ts",
    method: "POST",
    label: "credentials without a CSRF token",
    path: () => "/api/auth/callback/credentials",
    body: () =>
      new URLSearchParams({ email: `nobody-${randomUUID()}@example.test`, password: "wrong-password", json: "true" }),
    expect: everyone(403),
  },
  {
    route: "app/api/auth/register/route.ts",
    method: "POST",
    path: () => "/api/auth/register",
    body: () => ({
      email: `matrix-${randomUUID()}@example.test`,
      password: `pw-${randomUUID()}`,
      name: "Matrix Sign-up",
    }),
    expect: everyone(201),
  },

  {
    route: "app/api/auth/password-reset/route.ts",
    method: "POST",
    label: "202 whether or not the address has an account",
    path: () => "/api/auth/password-reset",
    body: (_ctx, actor) => ({ email: `matrix-reset-${actor}-${randomUUID().slice(0, 8)}@example.test` }),
    expect: everyone(202),
  },
  {
    route: "app/api/auth/password-reset/confirm/route.ts",
    method: "POST",
    label: "unknown token",
    path: () => "/api/auth/password-reset/confirm",
    body: () => ({ token: `not-a-token-${randomUUID()}`, password: `pw-${randomUUID()}` }),
    expect: everyone(400),
  },
  {
    route: "app/api/auth/verify-email/route.ts",
    method: "POST",
    label: "unknown token",
    path: () => "/api/auth/verify-email",
    body: () => ({ token: `not-a-token-${randomUUID()}` }),
    expect: everyone(400),
  },
  {
    route: "app/api/auth/verify-email/resend/route.ts",
    method: "POST",
    label: "202 whether or not the address has an account",
    path: () => "/api/auth/verify-email/resend",
    body: (_ctx, actor) => ({ email: `matrix-verify-${actor}-${randomUUID().slice(0, 8)}@example.test` }),
    expect: everyone(202),
  },
  {
    route: "app/api/unsubscribe/route.ts",
    method: "POST",
    label: "a link without a valid signature",
    path: (ctx) => `/api/unsubscribe?u=${ctx.users.studentA.id}&t=forged`,
    body: () => new URLSearchParams({ "List-Unsubscribe": "One-Click" }),
    expect: everyone(400),
  },

  // The signed-in user's own data
  { route: "app/api/me/route.ts", method: "GET", path: () => "/api/me", expect: signedIn(200) },
  { route: "app/api/me/reminders/route.ts", method: "GET", path: () => "/api/me/reminders", expect: signedIn(200) },
  {
    route: "app/api/me/reminders/route.ts",
    method: "PUT",
    path: () => "/api/me/reminders",
    body: () => ({ enabled: true, hour: 18, timeZone: "America/Chicago" }),
    expect: signedIn(200),
  },
  { route: "app/api/me/export/route.ts", method: "GET", path: () => "/api/me/export", expect: signedIn(200) },

  // Admin
  { route: "app/api/admin/jobs/route.ts", method: "GET", path: () => "/api/admin/jobs", expect: adminOnly() },
  {
    route: "app/api/admin/users/route.ts",
    method: "GET",
    path: () => "/api/admin/users?q=example.test",
    expect: adminOnly(),
    reveals: { admin: ALL_SIGNED_IN },
  },
  {
    route: "app/api/admin/users/[id]/route.ts",
    method: "PATCH",
    label: "student A's id, role unchanged",
    path: (ctx) => `/api/admin/users/${ctx.users.studentA.id}`,
    body: () => ({ role: "student" }),
    expect: adminOnly(),
    reveals: { admin: ["studentA"] },
  },
  {
    route: "app/api/admin/users/[id]/route.ts",
    method: "PATCH",
    label: "unknown id",
    path: () => `/api/admin/users/no-such-user-${randomUUID().slice(0, 8)}`,
    body: () => ({ role: "student" }),
    expect: adminOnly(404),
  },

  // Courses (every signed-in user may study every course)
  { route: "app/api/courses/route.ts", method: "GET", path: () => "/api/courses", expect: signedIn(200) },
  {
    route: "app/api/courses/[slug]/route.ts",
    method: "GET",
    path: (ctx) => `/api/courses/${ctx.course.slug}`,
    expect: signedIn(200),
  },
  {
    route: "app/api/courses/[slug]/route.ts",
    method: "GET",
    label: "unknown slug",
    path: () => "/api/courses/no-such-course",
    expect: signedIn(404),
  },
  {
    route: "app/api/courses/[slug]/source/route.ts",
    method: "GET",
    path: (ctx) => `/api/courses/${ctx.course.slug}/source`,
    expect: signedIn(200),
  },
  {
    route: "app/api/courses/[slug]/source/route.ts",
    method: "GET",
    label: "unknown slug",
    path: () => "/api/courses/no-such-course/source",
    expect: signedIn(404),
  },
  {
    route: "app/api/courses/[slug]/settings/route.ts",
    method: "GET",
    path: (ctx) => `/api/courses/${ctx.course.slug}/settings`,
    expect: signedIn(200),
  },
  {
    route: "app/api/courses/[slug]/settings/route.ts",
    method: "PUT",
    path: (ctx) => `/api/courses/${ctx.course.slug}/settings`,
    body: () => ({ desiredRetention: 0.9, newPerDay: 20, reviewsPerDay: 200, timeZone: "UTC", dayStartHour: 4 }),
    expect: signedIn(200),
  },
  {
    route: "app/api/courses/[slug]/settings/route.ts",
    method: "PUT",
    label: "unknown slug",
    path: () => "/api/courses/no-such-course/settings",
    body: () => ({ desiredRetention: 0.9, newPerDay: 20, reviewsPerDay: 200, timeZone: "UTC", dayStartHour: 4 }),
    expect: signedIn(404),
  },
  {
    route: "app/api/courses/[slug]/memory-model/route.ts",
    method: "GET",
    path: (ctx) => `/api/courses/${ctx.course.slug}/memory-model`,
    // Both instructors teach a class of this course.
    expect: instructorsAndAdmins(200),
  },
  {
    route: "app/api/courses/[slug]/memory-model/route.ts",
    method: "GET",
    label: "a course the instructors do not teach",
    path: (ctx) => `/api/courses/${ctx.otherCourse.slug}/memory-model`,
    expect: { ...instructorsAndAdmins(403), admin: 200 },
  },
  {
    route: "app/api/courses/[slug]/memory-model/route.ts",
    method: "GET",
    label: "unknown slug",
    path: () => "/api/courses/no-such-course/memory-model",
    expect: instructorsAndAdmins(404),
  },
  {
    route: "app/api/courses/[slug]/memory-model/route.ts",
    method: "POST",
    path: (ctx) => `/api/courses/${ctx.course.slug}/memory-model`,
    expect: instructorsAndAdmins(200),
  },
  {
    route: "app/api/courses/[slug]/memory-model/me/route.ts",
    method: "GET",
    path: (ctx) => `/api/courses/${ctx.course.slug}/memory-model/me`,
    expect: signedIn(200),
  },
  {
    route: "app/api/courses/[slug]/memory-model/me/route.ts",
    method: "PUT",
    path: (ctx) => `/api/courses/${ctx.course.slug}/memory-model/me`,
    body: () => ({ useFittedWeights: false }),
    expect: signedIn(200),
  },
  {
    route: "app/api/courses/[slug]/memory-model/me/route.ts",
    method: "PUT",
    label: "unknown slug",
    path: () => "/api/courses/no-such-course/memory-model/me",
    body: () => ({ useFittedWeights: true }),
    expect: signedIn(404),
  },
  {
    route: "app/api/courses/[slug]/stats/route.ts",
    method: "GET",
    path: (ctx) => `/api/courses/${ctx.course.slug}/stats`,
    expect: signedIn(200),
  },
  {
    route: "app/api/courses/[slug]/stats/route.ts",
    method: "GET",
    label: "unknown slug",
    path: () => "/api/courses/no-such-course/stats",
    expect: signedIn(404),
  },
  // The card browser: every signed-in user sees the course's cards with their own state only.
  {
    route: "app/api/courses/[slug]/cards/route.ts",
    method: "GET",
    path: (ctx) => `/api/courses/${ctx.course.slug}/cards`,
    expect: signedIn(200),
  },
  {
    route: "app/api/courses/[slug]/cards/route.ts",
    method: "GET",
    label: "unknown slug",
    path: () => "/api/courses/no-such-course/cards",
    expect: signedIn(404),
  },
  {
    route: "app/api/courses/[slug]/cards/[cardId]/route.ts",
    method: "GET",
    path: (ctx) => `/api/courses/${ctx.course.slug}/cards/${ctx.course.cards[0]!.id}`,
    expect: signedIn(200),
  },
  {
    route: "app/api/courses/[slug]/cards/[cardId]/route.ts",
    method: "GET",
    label: "a card of another course",
    path: (ctx) => `/api/courses/${ctx.course.slug}/cards/${ctx.otherCourse.cards[0]!.id}`,
    expect: signedIn(404),
  },

  // Review engine: always the caller's own state
  {
    route: "app/api/review/queue/route.ts",
    method: "GET",
    path: (ctx) => `/api/review/queue?course=${ctx.course.slug}`,
    expect: signedIn(200),
  },
  {
    route: "app/api/review/route.ts",
    method: "POST",
    path: () => "/api/review",
    body: (ctx) => ({ cardId: card(ctx, 0), rating: 3, idempotencyKey: ctx.key() }),
    expect: signedIn(200),
  },
  {
    route: "app/api/review/route.ts",
    method: "POST",
    label: "unknown card",
    path: () => "/api/review",
    body: (ctx) => ({ cardId: "no-such-card", rating: 3, idempotencyKey: ctx.key() }),
    expect: signedIn(404),
  },
  {
    route: "app/api/review/undo/route.ts",
    method: "POST",
    label: "undoes the caller's own answer above",
    path: () => "/api/review/undo",
    body: (ctx) => ({ course: ctx.course.slug }),
    expect: signedIn(200),
  },
  {
    route: "app/api/review/sync/route.ts",
    method: "POST",
    path: () => "/api/review/sync",
    body: (ctx) => ({
      reviews: [
        {
          cardId: card(ctx, 1),
          rating: 3,
          idempotencyKey: ctx.key(),
          reviewedAt: new Date(Date.now() - 60_000).toISOString(),
        },
      ],
    }),
    expect: signedIn(200),
  },
  {
    route: "app/api/review/card/route.ts",
    method: "POST",
    path: () => "/api/review/card",
    body: (ctx) => ({ cardId: card(ctx, 2), action: "suspend" }),
    expect: signedIn(200),
  },

  // Classes: students see only their own; instructors only the classes they teach (404 otherwise)
  { route: "app/api/classes/route.ts", method: "GET", path: () => "/api/classes", expect: signedIn(200) },
  {
    route: "app/api/classes/route.ts",
    method: "POST",
    path: () => "/api/classes",
    body: (ctx) => ({ name: "Matrix class", term: "Spring", courseSlug: ctx.course.slug }),
    expect: instructorsAndAdmins(201),
  },
  {
    route: "app/api/classes/assigned/route.ts",
    method: "GET",
    path: () => "/api/classes/assigned",
    expect: signedIn(200),
  },
  {
    route: "app/api/classes/[id]/route.ts",
    method: "GET",
    path: (ctx) => `/api/classes/${ctx.classId}`,
    expect: classTeachers(),
    reveals: { admin: ["instructor"] },
  },
  {
    route: "app/api/classes/[id]/route.ts",
    method: "GET",
    label: "unknown class id",
    path: () => "/api/classes/no-such-class",
    expect: classTeachers(404),
  },
  {
    route: "app/api/classes/[id]/route.ts",
    method: "PATCH",
    path: (ctx) => `/api/classes/${ctx.classId}`,
    body: () => ({ name: "Reliability class" }),
    expect: classTeachers(),
  },
  {
    route: "app/api/classes/[id]/students/route.ts",
    method: "GET",
    path: (ctx) => `/api/classes/${ctx.classId}/students`,
    expect: classTeachers(),
    reveals: { instructor: ["studentA"], admin: ["studentA"] },
  },
  {
    route: "app/api/classes/[id]/progress/route.ts",
    method: "GET",
    path: (ctx) => `/api/classes/${ctx.classId}/progress`,
    expect: classTeachers(),
    reveals: { instructor: ["studentA"], admin: ["studentA"] },
  },
  {
    route: "app/api/classes/[id]/gradebook.csv/route.ts",
    method: "GET",
    path: (ctx) => `/api/classes/${ctx.classId}/gradebook.csv`,
    expect: classTeachers(),
    reveals: { instructor: ["studentA"], admin: ["studentA"] },
  },
  {
    route: "app/api/classes/[id]/assignments/route.ts",
    method: "GET",
    path: (ctx) => `/api/classes/${ctx.classId}/assignments`,
    expect: classTeachers(),
  },
  {
    route: "app/api/classes/[id]/assignments/route.ts",
    method: "POST",
    path: (ctx) => `/api/classes/${ctx.classId}/assignments`,
    body: (ctx) => ({ lessonKeys: [ctx.course.lessonKeys[0]], dueAt: "2030-01-01T23:59", goal: "learn" }),
    expect: classTeachers(201),
  },
  {
    route: "app/api/classes/[id]/assignments/[assignmentId]/route.ts",
    method: "PATCH",
    path: (ctx) => `/api/classes/${ctx.classId}/assignments/${ctx.assignmentId}`,
    body: () => ({ title: "Matrix assignment" }),
    expect: classTeachers(),
  },
  {
    route: "app/api/classes/[id]/assignments/[assignmentId]/route.ts",
    method: "PATCH",
    label: "another class's assignment id under this class",
    path: (ctx) => `/api/classes/${ctx.classId}/assignments/${ctx.otherAssignmentId}`,
    body: () => ({ title: "Hijacked" }),
    expect: classTeachers(404),
  },
  {
    route: "app/api/classes/[id]/assignments/[assignmentId]/nudges/route.ts",
    method: "POST",
    label: "once a day: the admin, after the instructor, is told to wait",
    path: (ctx) => `/api/classes/${ctx.classId}/assignments/${ctx.assignmentId}/nudges`,
    expect: { ...classTeachers(), admin: 429 },
    reveals: { instructor: ["studentA"] },
  },
  {
    route: "app/api/classes/[id]/assignments/[assignmentId]/nudges/route.ts",
    method: "POST",
    label: "another class's assignment id under this class",
    path: (ctx) => `/api/classes/${ctx.classId}/assignments/${ctx.otherAssignmentId}/nudges`,
    expect: classTeachers(404),
  },
  {
    route: "app/api/classes/[id]/assignments/[assignmentId]/nudges/route.ts",
    method: "GET",
    path: (ctx) => `/api/classes/${ctx.classId}/assignments/${ctx.assignmentId}/nudges`,
    expect: classTeachers(),
    reveals: { instructor: ["studentA"], admin: ["studentA"] },
  },
  {
    route: "app/api/classes/[id]/cards/[cardId]/route.ts",
    method: "GET",
    path: (ctx) => `/api/classes/${ctx.classId}/cards/${card(ctx, 0)}`,
    expect: classTeachers(),
  },
  {
    route: "app/api/classes/[id]/cards/[cardId]/route.ts",
    method: "GET",
    label: "a card of another course",
    path: (ctx) => `/api/classes/${ctx.classId}/cards/${ctx.otherCourse.cards[0]!.id}`,
    expect: classTeachers(404),
  },
  {
    route: "app/api/classes/[id]/instructors/route.ts",
    method: "POST",
    path: (ctx) => `/api/classes/${ctx.classId}/instructors`,
    body: (ctx) => ({ email: ctx.spareInstructor.email }),
    expect: classTeachers(201),
  },
  {
    route: "app/api/classes/[id]/instructors/[userId]/route.ts",
    method: "DELETE",
    label: "owner or admin removes a co-instructor",
    path: (ctx) => `/api/classes/${ctx.classId}/instructors/${ctx.spareInstructor.id}`,
    prepare: (ctx) => ctx.setup.makeCoInstructor(ctx.classId, ctx.spareInstructor.id),
    expect: classTeachers(),
  },
  {
    route: "app/api/classes/[id]/students/[userId]/route.ts",
    method: "DELETE",
    path: (ctx) => `/api/classes/${ctx.classId}/students/${ctx.users.studentA.id}`,
    prepare: (ctx) => ctx.setup.enrol(ctx.classId, ctx.users.studentA.id),
    expect: classTeachers(),
  },
  {
    route: "app/api/classes/[id]/students/[userId]/route.ts",
    method: "DELETE",
    label: "a student of another class",
    path: (ctx) => `/api/classes/${ctx.classId}/students/${ctx.users.studentB.id}`,
    expect: classTeachers(404),
  },
  {
    route: "app/api/classes/[id]/leave/route.ts",
    method: "POST",
    label: "only an enrolled student can leave",
    path: (ctx) => `/api/classes/${ctx.classId}/leave`,
    prepare: (ctx) => ctx.setup.enrol(ctx.classId, ctx.users.studentA.id),
    after: (ctx) => ctx.setup.enrol(ctx.classId, ctx.users.studentA.id),
    expect: { anonymous: 401, studentA: 200, studentB: 404, instructor: 404, otherInstructor: 404, admin: 404 },
  },
  {
    route: "app/api/classes/join/route.ts",
    method: "POST",
    label: "students only; B's join is undone after",
    path: () => "/api/classes/join",
    body: async (ctx) => ({ code: await ctx.setup.joinCode(ctx.classId) }),
    after: (ctx) => ctx.setup.unenrol(ctx.classId, ctx.users.studentB.id),
    expect: { anonymous: 401, studentA: 200, studentB: 200, instructor: 403, otherInstructor: 403, admin: 403 },
  },
  {
    route: "app/api/classes/[id]/join-code/route.ts",
    method: "POST",
    path: (ctx) => `/api/classes/${ctx.classId}/join-code`,
    expect: classTeachers(),
  },
];

// ---------------------------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------------------------

/**
 * A status; "signin": a redirect to /signin?callbackUrl=<the page>; or `{ redirect }`: a redirect
 * to that path (a signed-in user opening /signin goes where they were heading).
 */
export type PageOutcome = number | "signin" | { redirect: string };
export type PageCase = {
  /** The page file, e.g. "app/admin/users/page.tsx". */
  page: string;
  path: (ctx: MatrixContext) => string;
  expect: Record<ActorName, PageOutcome>;
  label?: string;
  /** Other actors whose ids/emails this actor may see on the page (an instructor's roster). */
  reveals?: Partial<Record<ActorName, readonly ActorName[]>>;
  /** A known defect (known-defects.ts) this row reproduces while it is open. */
  defect?: string;
};

const page = (anonymous: PageOutcome, rest: Omit<Record<ActorName, PageOutcome>, "anonymous">) => ({
  anonymous,
  ...rest,
});
const signedInPage = (status: PageOutcome) =>
  page("signin", { studentA: status, studentB: status, instructor: status, otherInstructor: status, admin: status });

/** The class's students and instructors, as its teachers see them (roster, co-instructors). */
const ROSTER = { instructor: ["studentA"], admin: ["studentA", "instructor"] } as const;
const classTeacherPage = (status: PageOutcome) =>
  page("signin", { studentA: 403, studentB: 403, instructor: status, otherInstructor: 404, admin: status });
const publicPage = page(200, { studentA: 200, studentB: 200, instructor: 200, otherInstructor: 200, admin: 200 });
const signedInGoesHome = page(200, {
  studentA: { redirect: "/" },
  studentB: { redirect: "/" },
  instructor: { redirect: "/" },
  otherInstructor: { redirect: "/" },
  admin: { redirect: "/" },
});

export const PAGE_MATRIX: PageCase[] = [
  {
    page: "app/page.tsx",
    label: "students go to their dashboard, instructors and admins to their classes",
    path: () => "/",
    expect: page(200, {
      studentA: { redirect: "/dashboard" },
      studentB: { redirect: "/dashboard" },
      instructor: { redirect: "/teach" },
      otherInstructor: { redirect: "/teach" },
      admin: { redirect: "/teach" },
    }),
  },
  { page: "app/signin/page.tsx", path: () => "/signin", expect: signedInGoesHome },
  { page: "app/signup/page.tsx", path: () => "/signup", expect: signedInGoesHome },
  { page: "app/forgot-password/page.tsx", path: () => "/forgot-password", expect: publicPage },
  { page: "app/reset-password/page.tsx", path: () => "/reset-password?token=whatever", expect: publicPage },
  { page: "app/verify-email/page.tsx", path: () => "/verify-email?token=whatever", expect: publicPage },
  { page: "app/unsubscribe/page.tsx", path: () => "/unsubscribe?u=someone&t=forged", expect: publicPage },
  {
    page: "app/dev/mail/page.tsx",
    label: "not on a production server",
    path: () => "/dev/mail",
    expect: page(404, { studentA: 404, studentB: 404, instructor: 404, otherInstructor: 404, admin: 404 }),
  },
  {
    page: "app/admin/jobs/page.tsx",
    path: () => "/admin/jobs",
    expect: page("signin", { studentA: 403, studentB: 403, instructor: 403, otherInstructor: 403, admin: 200 }),
  },
  { page: "app/account/page.tsx", path: () => "/account", expect: signedInPage(200) },
  {
    page: "app/admin/users/page.tsx",
    path: () => "/admin/users",
    expect: page("signin", { studentA: 403, studentB: 403, instructor: 403, otherInstructor: 403, admin: 200 }),
  },

  // Student pages: every signed-in user studies on their own behalf; an unknown course is a 404.
  { page: "app/(student)/dashboard/page.tsx", path: () => "/dashboard", expect: signedInPage(200) },
  { page: "app/(student)/help/page.tsx", path: () => "/help", expect: publicPage },
  {
    page: "app/(student)/courses/[slug]/page.tsx",
    path: (ctx) => `/courses/${ctx.course.slug}`,
    expect: signedInPage(200),
  },
  {
    page: "app/(student)/courses/[slug]/page.tsx",
    label: "unknown course",
    path: () => "/courses/no-such-course",
    expect: signedInPage(404),
  },
  {
    page: "app/(student)/courses/[slug]/lessons/[lessonKey]/page.tsx",
    path: (ctx) => `/courses/${ctx.course.slug}/lessons/${ctx.course.lessonKeys[0]}`,
    expect: signedInPage(200),
  },
  {
    page: "app/(student)/courses/[slug]/lessons/[lessonKey]/page.tsx",
    label: "unknown lesson",
    path: (ctx) => `/courses/${ctx.course.slug}/lessons/no-such-lesson`,
    expect: signedInPage(404),
  },
  {
    page: "app/(student)/courses/[slug]/review/page.tsx",
    path: (ctx) => `/courses/${ctx.course.slug}/review`,
    expect: signedInPage(200),
  },
  {
    page: "app/(student)/courses/[slug]/review/page.tsx",
    label: "unknown course",
    path: () => "/courses/no-such-course/review",
    expect: signedInPage(404),
  },
  {
    page: "app/(student)/courses/[slug]/settings/page.tsx",
    path: (ctx) => `/courses/${ctx.course.slug}/settings`,
    expect: signedInPage(200),
  },
  {
    page: "app/(student)/courses/[slug]/stats/page.tsx",
    path: (ctx) => `/courses/${ctx.course.slug}/stats`,
    expect: signedInPage(200),
  },
  {
    page: "app/(student)/courses/[slug]/stats/page.tsx",
    label: "unknown course",
    path: () => "/courses/no-such-course/stats",
    expect: signedInPage(404),
  },
  {
    page: "app/(student)/courses/[slug]/cards/page.tsx",
    path: (ctx) => `/courses/${ctx.course.slug}/cards`,
    expect: signedInPage(200),
  },
  {
    page: "app/(student)/courses/[slug]/cards/page.tsx",
    label: "unknown course",
    path: () => "/courses/no-such-course/cards",
    expect: signedInPage(404),
  },
  {
    page: "app/(student)/courses/[slug]/cards/[cardId]/page.tsx",
    path: (ctx) => `/courses/${ctx.course.slug}/cards/${ctx.course.cards[0]!.id}`,
    expect: signedInPage(200),
  },
  {
    page: "app/(student)/courses/[slug]/cards/[cardId]/page.tsx",
    label: "a card of another course",
    path: (ctx) => `/courses/${ctx.course.slug}/cards/${ctx.otherCourse.cards[0]!.id}`,
    expect: signedInPage(404),
  },

  // Joining: any signed-in user sees the page (non-students are told only students can join); a link names its class only
  // to a student, through the join throttle, and an unknown code shows nothing.
  { page: "app/join/page.tsx", path: () => "/join", expect: signedInPage(200) },
  { page: "app/join/[code]/page.tsx", path: () => "/join/7KQ4-M2XD-9P", expect: signedInPage(200) },

  // Teaching: students 403; an instructor who does not teach the class 404, as for a class that does not exist.
  {
    page: "app/teach/page.tsx",
    path: () => "/teach",
    expect: page("signin", { studentA: 403, studentB: 403, instructor: 200, otherInstructor: 200, admin: 200 }),
  },
  {
    page: "app/teach/classes/[id]/page.tsx",
    path: (ctx) => `/teach/classes/${ctx.classId}`,
    expect: classTeacherPage(200),
    reveals: ROSTER,
  },
  {
    page: "app/teach/classes/[id]/page.tsx",
    label: "unknown class",
    path: () => "/teach/classes/no-such-class",
    expect: classTeacherPage(404),
  },
  {
    page: "app/teach/classes/[id]/settings/page.tsx",
    path: (ctx) => `/teach/classes/${ctx.classId}/settings`,
    expect: classTeacherPage(200),
    reveals: ROSTER,
  },
  {
    page: "app/teach/classes/[id]/memory/page.tsx",
    path: (ctx) => `/teach/classes/${ctx.classId}/memory`,
    expect: classTeacherPage(200),
  },
  {
    page: "app/teach/classes/[id]/memory/page.tsx",
    label: "unknown class",
    path: () => "/teach/classes/no-such-class/memory",
    expect: classTeacherPage(404),
  },
  {
    page: "app/teach/classes/[id]/assignments/new/page.tsx",
    path: (ctx) => `/teach/classes/${ctx.classId}/assignments/new`,
    expect: classTeacherPage(200),
  },
  {
    page: "app/teach/classes/[id]/students/[studentId]/page.tsx",
    path: (ctx) => `/teach/classes/${ctx.classId}/students/${ctx.users.studentA.id}`,
    expect: classTeacherPage(200),
    // The student's id is in the URL every actor asked for (Next echoes the path into the page); only
    // the class's teachers see the student's name and email, which the 403/404 pages never show.
    reveals: { instructor: ["studentA"], admin: ["studentA"], studentB: ["studentA"], otherInstructor: ["studentA"] },
  },
  {
    page: "app/teach/classes/[id]/students/[studentId]/page.tsx",
    label: "a student of another class",
    path: (ctx) => `/teach/classes/${ctx.classId}/students/${ctx.users.studentB.id}`,
    expect: classTeacherPage(404),
    // Only the id that is in the URL itself.
    reveals: { studentA: ["studentB"], instructor: ["studentB"], otherInstructor: ["studentB"], admin: ["studentB"] },
  },
  {
    page: "app/teach/classes/[id]/cards/[cardId]/page.tsx",
    path: (ctx) => `/teach/classes/${ctx.classId}/cards/${ctx.course.cards[0]!.id}`,
    expect: classTeacherPage(200),
  },
  {
    page: "app/teach/classes/[id]/cards/[cardId]/page.tsx",
    label: "a card of another course",
    path: (ctx) => `/teach/classes/${ctx.classId}/cards/${ctx.otherCourse.cards[0]!.id}`,
    expect: classTeacherPage(404),
    defect: "teach-card-page-404-is-500",
  },
];

// ---------------------------------------------------------------------------------------------
// Server actions: each is checked through the lib function it calls, with actors (see
// authorization.test.ts, "server actions"). Keyed "file#export".
// ---------------------------------------------------------------------------------------------

export type ActionRule =
  /** Needs no session and touches no one else's data. */
  | "public"
  /** Acts only on the signed-in user's own account; takes no other user's id. */
  | "self"
  /** Admin only. */
  | "admin"
  /** Instructors of the class (and admins); students 403, other instructors 404. */
  | "class-teacher"
  /** Any signed-in user, on their own behalf. */
  | "signed-in";

export const ACTION_MATRIX: Record<string, ActionRule> = {
  "app/_components/auth/actions.ts#signOutAction": "public",
  "app/signup/actions.ts#signUpAction": "public",
  "app/account/actions.ts#changePasswordAction": "self",
  "app/account/actions.ts#endAllSessionsAction": "self",
  "app/account/actions.ts#deleteAccountAction": "self",
  "app/account/actions.ts#saveReminderSettingsAction": "self",
  "app/_components/auth/password-reset-actions.ts#requestPasswordResetAction": "public",
  "app/_components/auth/password-reset-actions.ts#confirmPasswordResetAction": "public",
  "app/_components/auth/email-verification-actions.ts#resendVerificationAction": "public",
  "app/_components/auth/email-verification-actions.ts#confirmEmailVerificationAction": "public",
  "app/unsubscribe/actions.ts#unsubscribeAction": "public",
  "app/teach/actions.ts#nudgeStudentsAction": "class-teacher",
  "app/admin/users/actions.ts#setRoleAction": "admin",
  "app/(student)/courses/[slug]/settings/actions.ts#saveSettingsAction": "signed-in",
  "app/(student)/courses/[slug]/cards/actions.ts#cardAction": "signed-in",
  "app/_components/student/content-note-actions.ts#acknowledgeContentNoteAction": "signed-in",
  "app/join/actions.ts#joinClassAction": "signed-in",
  "app/teach/actions.ts#createClassAction": "signed-in",
  "app/teach/actions.ts#updateClassAction": "class-teacher",
  "app/teach/actions.ts#setJoiningAction": "class-teacher",
  "app/teach/actions.ts#setArchivedAction": "class-teacher",
  "app/teach/actions.ts#rotateCodeAction": "class-teacher",
  "app/teach/actions.ts#removeStudentAction": "class-teacher",
  "app/teach/actions.ts#addCoInstructorAction": "class-teacher",
  "app/teach/actions.ts#removeCoInstructorAction": "class-teacher",
  "app/teach/actions.ts#createAssignmentAction": "class-teacher",
  "app/teach/actions.ts#archiveAssignmentAction": "class-teacher",
  "app/teach/actions.ts#refitMemoryModelAction": "class-teacher",
  "app/(student)/courses/[slug]/settings/actions.ts#fittedWeightsAction": "signed-in",
};
