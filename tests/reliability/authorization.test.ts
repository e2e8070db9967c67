/**
 * Scenario 1, authorization: every route handler, page and server action against six actors, with
 * the expected status read from tests/reliability/matrix.ts; no response carries another user's data.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { registerWithThrottle } from "@/lib/accounts/register";
import { confirmPasswordReset, requestPasswordReset } from "@/lib/accounts/password-reset";
import { confirmEmailVerification, requestVerificationMail } from "@/lib/accounts/email-verification";
import { nudgeStudentsBehind } from "@/lib/classes/nudges";
import { chooseFittedWeights, getMyMemoryModel, requestClassCourseFit } from "@/lib/memory-model/access";
import { stopJobSender } from "@/lib/jobs/boss";
import { isValidUnsubscribeToken, unsubscribeToken } from "@/lib/mail/links";
import { getReminderSettings, saveReminderSettings, unsubscribeFromReminders } from "@/lib/reminders/settings";
import { db } from "@/lib/db/client";
import {
  changePassword,
  deleteOwnAccount,
  endAllSessions,
  listUsers,
  setUserRole,
} from "@/lib/accounts/users";
import type { Actor } from "@/lib/auth/actor";
import { testActor } from "@/tests/support/actors";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { createAssignment, updateAssignment } from "@/lib/classes/assignments";
import {
  addCoInstructor,
  createClass,
  joinClass,
  removeCoInstructor,
  removeStudent,
  rotateJoinCode,
  updateClass,
} from "@/lib/classes/classes";
import { getStudySettings, updateStudySettings } from "@/lib/review/settings";
import { applyCardAction } from "@/lib/review/card-actions";
import { acknowledgeContentNote, hasReadContentNote } from "@/lib/courses/content-note";
import { createCourse } from "@/tests/support/fixtures";
import { baseUrl } from "@/tests/support/http";
import { anonymousClient, registerAndSignIn, type TestClient } from "@/tests/support/session";
import {
  ACTION_MATRIX,
  ACTORS,
  API_MATRIX,
  PAGE_MATRIX,
  freshKey,
  type ActorName,
  type MatrixContext,
  type SignedInActor,
} from "./matrix";
import { KNOWN_DEFECTS } from "./known-defects";
import { defectTest } from "./support/defect-test";
import { scenario } from "./support/figures";
import { closeHttpPool, createClassIn, createCourseIn, disconnectAll, prismaFor } from "./support/http-db";
import { pageFiles, routeFiles, serverActions } from "./support/routes";

type Client = { fetch: TestClient["fetch"] };
let clients: Record<ActorName, Client>;
let ctx: MatrixContext;

beforeAll(async () => {
  const [studentA, studentB, instructor, otherInstructor, admin] = await Promise.all([
    registerAndSignIn(baseUrl, { name: "Student A" }),
    registerAndSignIn(baseUrl, { name: "Student B" }),
    registerAndSignIn(baseUrl, { role: "instructor", name: "Instructor" }),
    registerAndSignIn(baseUrl, { role: "instructor", name: "Other Instructor" }),
    registerAndSignIn(baseUrl, { role: "admin", name: "Admin" }),
  ]);
  clients = { anonymous: anonymousClient(baseUrl), studentA, studentB, instructor, otherInstructor, admin };
  const client = prismaFor();
  const [course, otherCourse] = [
    await createCourseIn(client, { lessons: 2, cardsPerLesson: 5 }),
    await createCourseIn(client, { lessons: 1, cardsPerLesson: 2 }),
  ];
  const own = await createClassIn(client, {
    courseId: course.id,
    ownerId: instructor.user.id,
    studentIds: [studentA.user.id],
  });
  const other = await createClassIn(client, {
    courseId: course.id,
    ownerId: otherInstructor.user.id,
    studentIds: [studentB.user.id],
  });
  const spare = await client.user.create({
    data: {
      email: `spare-instructor-${freshKey().slice(0, 8)}@example.test`,
      name: "Spare Instructor",
      role: "instructor",
      passwordHash: "x",
    },
    select: { id: true, email: true, name: true },
  });
  const lesson = await client.lesson.findFirstOrThrow({ where: { courseId: course.id }, select: { id: true } });
  const assignment = (classId: string) =>
    client.assignment.create({
      data: {
        classId,
        title: "Matrix work",
        opensAt: new Date(Date.now() - 86_400_000),
        dueAt: new Date(Date.now() + 7 * 86_400_000),
        lessons: { create: { lessonId: lesson.id } },
      },
      select: { id: true },
    });
  ctx = {
    course,
    otherCourse,
    users: {
      studentA: studentA.user,
      studentB: studentB.user,
      instructor: instructor.user,
      otherInstructor: otherInstructor.user,
      admin: admin.user,
    },
    spareInstructor: spare,
    classId: own.id,
    otherClassId: other.id,
    assignmentId: (await assignment(own.id)).id,
    otherAssignmentId: (await assignment(other.id)).id,
    key: freshKey,
    setup: {
      async enrol(classId, userId) {
        await client.enrollment.upsert({
          where: { classId_userId: { classId, userId } },
          create: { classId, userId },
          update: { removedAt: null },
        });
      },
      async unenrol(classId, userId) {
        await client.enrollment.deleteMany({ where: { classId, userId } });
      },
      async makeCoInstructor(classId, userId) {
        await client.classInstructor.upsert({
          where: { classId_userId: { classId, userId } },
          create: { classId, userId, role: "co_instructor" },
          update: {},
        });
      },
      async joinCode(classId) {
        return (await client.class.findUniqueOrThrow({ where: { id: classId }, select: { joinCode: true } })).joinCode;
      },
    },
  };
});

afterAll(async () => {
  // The nudge and password-reset checks enqueue jobs through this process's pg-boss sender.
  await stopJobSender();
  await disconnectAll();
  await closeHttpPool();
});

function encodeBody(body: unknown): { body?: BodyInit; headers?: Record<string, string> } {
  if (body === undefined) return {};
  if (body instanceof URLSearchParams)
    return { body, headers: { "content-type": "application/x-www-form-urlencoded" } };
  return { body: JSON.stringify(body), headers: { "content-type": "application/json" } };
}

/** Strings that identify a signed-in actor: their id and email. */
function identifiers(actor: SignedInActor): string[] {
  const user = ctx.users[actor];
  return [user.id, user.email];
}

describe("the matrix covers the whole app", () => {
  test("every route handler and method has a row; every row names a route that exists", () => {
    const s = scenario("authz-coverage-routes", "authorization", "Matrix covers every app/api/**/route.ts and method");
    const routes = routeFiles();
    const missing: string[] = [];
    for (const { file, methods } of routes) {
      for (const method of methods) {
        if (!API_MATRIX.some((row) => row.route === file && row.method === method)) missing.push(`${method} ${file}`);
      }
    }
    const stale = API_MATRIX.filter(
      (row) => !routes.some((route) => route.file === row.route && route.methods.includes(row.method)),
    ).map((row) => `${row.method} ${row.route}`);
    s.set("route files", routes.length);
    s.set(
      "route methods",
      routes.reduce((sum, route) => sum + route.methods.length, 0),
    );
    s.set("matrix rows", API_MATRIX.length);
    expect(missing, "routes missing from tests/reliability/matrix.ts API_MATRIX").toEqual([]);
    expect(stale, "matrix rows for routes or methods that no longer exist").toEqual([]);
  });

  test("every page has a row", () => {
    const s = scenario("authz-coverage-pages", "authorization", "Matrix covers every app/**/page.tsx");
    const pages = pageFiles();
    s.set("pages", pages.length);
    expect(
      pages.filter((file) => !PAGE_MATRIX.some((row) => row.page === file)),
      "pages missing from PAGE_MATRIX",
    ).toEqual([]);
    expect(
      PAGE_MATRIX.filter((row) => !pages.includes(row.page)).map((row) => row.page),
      "stale page rows",
    ).toEqual([]);
  });

  test("every server action has a rule and a check", () => {
    const s = scenario("authz-coverage-actions", "authorization", "Matrix covers every server action");
    const actions = serverActions();
    s.set("server actions", actions.length);
    expect(
      actions.filter((action) => !(action in ACTION_MATRIX)),
      "server actions missing from ACTION_MATRIX",
    ).toEqual([]);
    expect(
      Object.keys(ACTION_MATRIX).filter((action) => !actions.includes(action)),
      "stale action rows",
    ).toEqual([]);
    expect(
      Object.keys(ACTION_MATRIX).filter((action) => !(action in ACTION_CHECKS)),
      "actions without a check below",
    ).toEqual([]);
  });
});

describe("route handlers", () => {
  test("every row of API_MATRIX answers the expected status for all six actors, and leaks nothing", async () => {
    const s = scenario(
      "authz-api",
      "authorization",
      "Route handlers × 6 actors: expected status, no foreign data in bodies",
    );
    const failures: string[] = [];
    for (const row of API_MATRIX) {
      for (const actor of ACTORS) {
        const path = row.path(ctx, actor);
        await row.prepare?.(ctx, actor);
        const { body, headers } = encodeBody(await row.body?.(ctx, actor));
        const response = await clients[actor].fetch(path, { method: row.method, body, headers });
        s.add("requests");
        const text = await response.text();
        await row.after?.(ctx, actor);
        const where = `${row.method} ${path}${row.label ? ` (${row.label})` : ""} as ${actor}`;
        if (response.status !== row.expect[actor]) {
          failures.push(`${where}: expected ${row.expect[actor]}, got ${response.status} ${text.slice(0, 160)}`);
          continue;
        }
        if (response.status >= 500) failures.push(`${where}: ${response.status}`);
        const allowed = new Set<ActorName>([actor, ...(row.reveals?.[actor] ?? [])]);
        for (const other of ACTORS) {
          if (other === "anonymous" || allowed.has(other)) continue;
          for (const identifier of identifiers(other)) {
            if (text.includes(identifier))
              failures.push(`${where}: body contains ${other}'s ${identifier.includes("@") ? "email" : "id"}`);
          }
        }
        s.add("bodies scanned for foreign ids");
      }
    }
    s.set("rows", API_MATRIX.length);
    s.set("mismatches", failures.length);
    expect(failures).toEqual([]);
  });

  test("one student's answers change nothing another user can see: queue, stats, export, undo, counts", async () => {
    const s = scenario(
      "authz-isolation",
      "authorization",
      "Student A's answers are invisible to B, instructors and counts",
    );
    const a = clients.studentA;
    const b = clients.studentB;
    const snapshot = async (client: Client) => {
      const queue = await (await client.fetch(`/api/review/queue?course=${ctx.course.slug}`)).json();
      const stats = await (await client.fetch(`/api/courses/${ctx.course.slug}/stats`)).json();
      const exported = await (await client.fetch("/api/me/export")).json();
      s.add("requests", 3);
      return {
        queue: { ...queue, generatedAt: undefined },
        stats,
        logs: exported.reviews.length,
        states: exported.cardStates.length,
      };
    };
    const before = await snapshot(b);
    for (const [index, cardRow] of ctx.course.cards.slice(3, 9).entries()) {
      const response = await a.fetch("/api/review", {
        method: "POST",
        json: { cardId: cardRow.id, rating: (index % 4) + 1, idempotencyKey: freshKey() },
      });
      s.add("requests");
      expect(response.status).toBe(200);
    }
    // B's undo cannot reach A's answers; it finds B's own or nothing.
    const undo = await b.fetch("/api/review/undo", { method: "POST", json: { course: ctx.course.slug } });
    s.add("requests");
    if (undo.status === 200) expect((await undo.json()).undone.cardId).not.toBe(ctx.course.cards[8]!.id);
    else expect(undo.status).toBe(409);
    const rows = await prismaFor().reviewLog.count({
      where: {
        userId: ctx.users.studentA.id,
        undone: false,
        cardId: { in: ctx.course.cards.slice(3, 9).map((c) => c.id) },
      },
    });
    expect(rows, "A's six answers all still stand").toBe(6);

    const after = await snapshot(b);
    // B's own undo (if any) may have changed B's view; compare what A could have influenced.
    expect(after.logs).toBe(before.logs);
    expect(after.stats.counts, "B's state counts ignore A's answers").toEqual(
      undo.status === 200 ? after.stats.counts : before.stats.counts,
    );
    expect(after.queue.counts.new, "B still has every card A answered as new").toBeGreaterThanOrEqual(
      before.queue.counts.new,
    );

    // The admin user list is the only place another user's email shows, and only to admins.
    for (const actor of ["studentA", "studentB", "instructor", "otherInstructor"] as const) {
      const response = await clients[actor].fetch(`/api/admin/users?q=${encodeURIComponent(ctx.users.studentA.email)}`);
      s.add("requests");
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain(ctx.users.studentA.email);
    }
  });
});

describe("pages", () => {
  test("anonymous is sent to sign in; wrong roles get 403/404; nothing renders another user's data", async () => {
    const s = scenario("authz-pages", "authorization", "Pages × 6 actors: sign-in redirect, 403/404, no foreign data");
    const failures: string[] = [];
    for (const row of PAGE_MATRIX.filter((row) => !(row.defect && KNOWN_DEFECTS[row.defect]?.open))) {
      const path = row.path(ctx);
      for (const actor of ACTORS) {
        const response = await clients[actor].fetch(path);
        s.add("requests");
        const expected = row.expect[actor];
        const where = `${path}${row.label ? ` (${row.label})` : ""} as ${actor}`;
        if (typeof expected !== "number") {
          const target = expected === "signin" ? `/signin?callbackUrl=${encodeURIComponent(path)}` : expected.redirect;
          const location = response.headers.get("location") ?? "";
          const ok = [303, 307, 308].includes(response.status) && location === target;
          if (!ok) failures.push(`${where}: expected a redirect to ${target}, got ${response.status} ${location}`);
          continue;
        }
        if (response.status !== expected) {
          failures.push(`${where}: expected ${expected}, got ${response.status}`);
          continue;
        }
        const html = await response.text();
        const allowed = new Set<ActorName>([actor, ...(row.reveals?.[actor] ?? [])]);
        for (const other of ACTORS) {
          if (other === "anonymous" || allowed.has(other) || (actor === "admin" && row.page.startsWith("app/admin/")))
            continue;
          for (const identifier of identifiers(other)) {
            if (html.includes(identifier))
              failures.push(`${where}: page shows ${other}'s ${identifier.includes("@") ? "email" : "id"}`);
          }
        }
      }
    }
    s.set("page rows", PAGE_MATRIX.length);
    s.set("mismatches", failures.length);
    expect(failures).toEqual([]);
  });
});

for (const [id, defect] of Object.entries(KNOWN_DEFECTS)) {
  const rows = PAGE_MATRIX.filter((row) => row.defect === id);
  if (!rows.length) continue;
  describe("pages with a known defect", () => {
    defectTest(id, `pages: ${rows.map((row) => row.label ?? row.page).join(", ")}`, async () => {
      const s = scenario(`authz-pages-${id}`, "authorization", `Pages reproducing ${id}`);
      const failures: string[] = [];
      for (const row of rows) {
        for (const actor of ACTORS) {
          const response = await clients[actor].fetch(row.path(ctx));
          s.add("requests");
          const expected = row.expect[actor];
          if (typeof expected === "number" && response.status !== expected)
            failures.push(`${row.path(ctx)} as ${actor}: expected ${expected}, got ${response.status}`);
          await response.body?.cancel();
        }
      }
      s.note(defect.summary.split(".")[0]!);
      expect(failures).toEqual([]);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Server actions: the lib functions they call, run with actors on this file's own database.
// ---------------------------------------------------------------------------------------------

type Actors = Record<SignedInActor, Actor & { password: string }>;

async function makeActors(): Promise<Actors> {
  const make = async (role: Actor["role"], name: string) => {
    const password = `pw-${freshKey()}`;
    const email = `${name.toLowerCase().replace(/\s+/g, "-")}-${freshKey().slice(0, 8)}@example.test`;
    const user = await db().user.create({
      data: { email, name, role, passwordHash: await hashPassword(password) },
      select: { id: true, email: true, name: true, role: true },
    });
    return { ...testActor(user), password };
  };
  const [studentA, studentB, instructor, otherInstructor, admin] = await Promise.all([
    make("student", "Student A"),
    make("student", "Student B"),
    make("instructor", "Instructor"),
    make("instructor", "Other Instructor"),
    make("admin", "Admin"),
  ]);
  return { studentA, studentB, instructor, otherInstructor, admin };
}

const userRow = (id: string) =>
  db().user.findUnique({ where: { id }, select: { role: true, passwordHash: true, sessionVersion: true } });

async function expectOthersUntouched(actors: Actors, self: SignedInActor, before: Map<string, unknown>) {
  for (const [name, user] of Object.entries(actors)) {
    if (name === self) continue;
    expect(await userRow(user.id), `${name} untouched by ${self}`).toEqual(before.get(user.id));
  }
}

async function snapshotUsers(actors: Actors) {
  const map = new Map<string, unknown>();
  for (const user of Object.values(actors)) map.set(user.id, await userRow(user.id));
  return map;
}

type ClassSetup = Awaited<ReturnType<typeof classSetup>>;

async function makeUser(role: Actor["role"], name: string) {
  return testActor(await db().user.create({
    data: {
      email: `${name.toLowerCase().replace(/\s+/g, "-")}-${freshKey().slice(0, 8)}@example.test`,
      name,
      role,
      passwordHash: "x",
    },
    select: { id: true, email: true, name: true, role: true },
  }));
}

/** A class owned by `instructor` (A enrolled, a co-instructor, one assignment) and one owned by `otherInstructor` (B enrolled). */
async function classSetup(actors: Actors) {
  const course = await createCourse({ lessons: 1, cardsPerLesson: 2 });
  const cls = await createClass(actors.instructor, { name: "Lib class", term: "T", courseSlug: course.slug });
  const other = await createClass(actors.otherInstructor, {
    name: "Other lib class",
    term: "T",
    courseSlug: course.slug,
  });
  await db().enrollment.create({ data: { classId: cls.id, userId: actors.studentA.id } });
  await db().enrollment.create({ data: { classId: other.id, userId: actors.studentB.id } });
  const co = await makeUser("instructor", "Co Instructor");
  const spare = await makeUser("instructor", "Spare Instructor");
  await addCoInstructor(actors.instructor, cls.id, { email: co.email });
  const due = { lessonKeys: [course.lessons[0]!.key], dueAt: "2030-01-01T00:00" };
  const assignment = await createAssignment(actors.instructor, cls.id, due, new Date());
  const otherAssignment = await createAssignment(actors.otherInstructor, other.id, due, new Date());
  return { course, cls, other, co, spare, assignment, otherAssignment };
}

/**
 * The class-teacher rule, through a lib function: a student 403, an instructor of another class
 * 404 (as for a class that does not exist), the owner and an admin allowed; with `ownerOnly`, a
 * co-instructor 403 too. `before` runs before each allowed call (to undo the previous one).
 */
async function expectClassTeacher(
  actors: Actors,
  setup: ClassSetup,
  call: (actor: Actor) => Promise<unknown>,
  options: { ownerOnly?: boolean; before?: () => Promise<void> } = {},
) {
  await options.before?.();
  await expect(call(actors.studentA), "student").rejects.toBeInstanceOf(ForbiddenError);
  await expect(call(actors.otherInstructor), "instructor of another class").rejects.toBeInstanceOf(NotFoundError);
  if (options.ownerOnly) await expect(call(setup.co), "co-instructor").rejects.toBeInstanceOf(ForbiddenError);
  else await call(setup.co);
  await options.before?.();
  await call(actors.instructor);
  await options.before?.();
  await call(actors.admin);
}

const now = () => new Date();

/** One check per server action (keyed like ACTION_MATRIX), run with actors of every role. */
const ACTION_CHECKS: Record<string, (actors: Actors) => Promise<void>> = {
  "app/join/actions.ts#joinClassAction": async (actors) => {
    const setup = await classSetup(actors);
    const code = (await db().class.findUniqueOrThrow({ where: { id: setup.cls.id }, select: { joinCode: true } }))
      .joinCode;
    for (const actor of [actors.instructor, actors.otherInstructor, actors.admin]) {
      await expect(joinClass(actor, { code }, "10.0.0.1", now())).rejects.toBeInstanceOf(ForbiddenError);
    }
    await expect(joinClass(actors.studentB, { code: "0000000000" }, "10.0.0.1", now())).rejects.toBeInstanceOf(
      NotFoundError,
    );
    const joined = await joinClass(actors.studentB, { code }, "10.0.0.1", now());
    expect(joined.class.id).toBe(setup.cls.id);
  },
  "app/teach/actions.ts#createClassAction": async (actors) => {
    const course = await createCourse({ lessons: 1, cardsPerLesson: 1 });
    const input = { name: "New", term: "T", courseSlug: course.slug };
    for (const actor of [actors.studentA, actors.studentB])
      await expect(createClass(actor, input)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await createClass(actors.instructor, input)).as).toBe("owner");
    expect((await createClass(actors.admin, input)).as).toBe("owner");
  },
  "app/teach/actions.ts#updateClassAction": async (actors) => {
    const setup = await classSetup(actors);
    await expectClassTeacher(actors, setup, (actor) =>
      updateClass(actor, setup.cls.id, { name: `Renamed by ${actor.name}` }, now()),
    );
    await expect(updateClass(actors.instructor, setup.other.id, { name: "Hijacked" }, now())).rejects.toBeInstanceOf(
      NotFoundError,
    );
  },
  "app/teach/actions.ts#setJoiningAction": async (actors) => {
    const setup = await classSetup(actors);
    await expectClassTeacher(actors, setup, (actor) => updateClass(actor, setup.cls.id, { joinEnabled: false }, now()));
  },
  "app/teach/actions.ts#setArchivedAction": async (actors) => {
    const setup = await classSetup(actors);
    await expectClassTeacher(actors, setup, (actor) => updateClass(actor, setup.cls.id, { archived: false }, now()), {
      ownerOnly: true,
    });
  },
  "app/teach/actions.ts#rotateCodeAction": async (actors) => {
    const setup = await classSetup(actors);
    await expectClassTeacher(actors, setup, (actor) => rotateJoinCode(actor, setup.cls.id));
  },
  "app/teach/actions.ts#removeStudentAction": async (actors) => {
    const setup = await classSetup(actors);
    const reenrol = async () => {
      await db().enrollment.update({
        where: { classId_userId: { classId: setup.cls.id, userId: actors.studentA.id } },
        data: { removedAt: null },
      });
    };
    await expectClassTeacher(actors, setup, (actor) => removeStudent(actor, setup.cls.id, actors.studentA.id, now()), {
      before: reenrol,
    });
    // A student of another class, named under this class: not found, and untouched.
    await expect(removeStudent(actors.instructor, setup.cls.id, actors.studentB.id, now())).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(
      (
        await db().enrollment.findUniqueOrThrow({
          where: { classId_userId: { classId: setup.other.id, userId: actors.studentB.id } },
        })
      ).removedAt,
    ).toBeNull();
  },
  "app/teach/actions.ts#addCoInstructorAction": async (actors) => {
    const setup = await classSetup(actors);
    await expectClassTeacher(actors, setup, (actor) =>
      addCoInstructor(actor, setup.cls.id, { email: setup.spare.email }),
    );
  },
  "app/teach/actions.ts#removeCoInstructorAction": async (actors) => {
    const setup = await classSetup(actors);
    const restore = async () => {
      await db().classInstructor.upsert({
        where: { classId_userId: { classId: setup.cls.id, userId: setup.spare.id } },
        create: { classId: setup.cls.id, userId: setup.spare.id, role: "co_instructor" },
        update: {},
      });
    };
    await expectClassTeacher(actors, setup, (actor) => removeCoInstructor(actor, setup.cls.id, setup.spare.id), {
      ownerOnly: true,
      before: restore,
    });
  },
  "app/teach/actions.ts#createAssignmentAction": async (actors) => {
    const setup = await classSetup(actors);
    await expectClassTeacher(actors, setup, (actor) =>
      createAssignment(
        actor,
        setup.cls.id,
        { lessonKeys: [setup.course.lessons[0]!.key], dueAt: "2030-01-01T00:00" },
        now(),
      ),
    );
  },
  "app/teach/actions.ts#archiveAssignmentAction": async (actors) => {
    const setup = await classSetup(actors);
    await expectClassTeacher(actors, setup, (actor) =>
      updateAssignment(actor, setup.cls.id, setup.assignment.id, { archived: true }, now()),
    );
    // Another class's assignment, named under this class: not found, and untouched.
    await expect(
      updateAssignment(actors.instructor, setup.cls.id, setup.otherAssignment.id, { archived: true }, now()),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(
      (await db().assignment.findUniqueOrThrow({ where: { id: setup.otherAssignment.id } })).archivedAt,
    ).toBeNull();
  },
  "app/(student)/courses/[slug]/settings/actions.ts#saveSettingsAction": async (actors) => {
    const course = await createCourse({ lessons: 1, cardsPerLesson: 2 });
    const settings = {
      desiredRetention: 0.8,
      newPerDay: 5,
      reviewsPerDay: 50,
      timeZone: "Europe/Berlin",
      dayStartHour: 3,
    };
    await updateStudySettings(actors.studentA, course.slug, { ...settings, desiredRetention: 0.95 });
    await updateStudySettings(actors.studentB, course.slug, settings);
    // Each actor only ever reads and writes their own row.
    expect(await getStudySettings(actors.studentA, course.slug)).toMatchObject({ desiredRetention: 0.95 });
    expect(await getStudySettings(actors.studentB, course.slug)).toMatchObject({ desiredRetention: 0.8 });
    expect(await getStudySettings(actors.instructor, course.slug)).toMatchObject({
      desiredRetention: 0.9,
      timeZoneDetected: false,
    });
    expect(await db().courseSettings.count({ where: { courseId: course.id } })).toBe(2);
    await expect(updateStudySettings(actors.studentA, "no-such-course", settings)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  },
  "app/(student)/courses/[slug]/cards/actions.ts#cardAction": async (actors) => {
    const course = await createCourse({ lessons: 1, cardsPerLesson: 1 });
    const cardId = course.cards[0]!.id;
    await applyCardAction(actors.studentA, { cardId, action: "suspend" }, now());
    // A card action only ever touches the caller's own state of the card.
    expect(await db().cardState.findMany({ where: { cardId }, select: { userId: true, suspended: true } })).toEqual([
      { userId: actors.studentA.id, suspended: true },
    ]);
    await expect(applyCardAction(actors.studentB, { cardId: "no-such-card", action: "suspend" }, now())).rejects.toBeInstanceOf(
      NotFoundError,
    );
  },
  "app/_components/student/content-note-actions.ts#acknowledgeContentNoteAction": async (actors) => {
    const course = await createCourse({ lessons: 1, cardsPerLesson: 1 });
    await acknowledgeContentNote(actors.studentA, { course: course.slug }, now());
    expect(await hasReadContentNote(actors.studentA, course.id)).toBe(true);
    expect(await hasReadContentNote(actors.studentB, course.id)).toBe(false);
    await expect(acknowledgeContentNote(actors.studentB, { course: "no-such-course" }, now())).rejects.toBeInstanceOf(
      NotFoundError,
    );
  },
  "app/_components/auth/actions.ts#signOutAction": async () => {
    // Clears this browser's cookie only: no lib function, no data, nothing to authorize.
  },
  "app/signup/actions.ts#signUpAction": async () => {
    const headers = new Headers({ "x-forwarded-for": `10.9.${Math.floor(Math.random() * 250)}.1` });
    const email = `action-signup-${freshKey().slice(0, 8)}@example.test`;
    await expect(
      registerWithThrottle({ email, password: `pw-${freshKey()}`, name: "Sign Up", role: "admin" }, headers),
      "sign-up refuses to be told a role",
    ).rejects.toMatchObject({ status: 400, fields: { role: ["is not a known field"] } });
    const user = await registerWithThrottle({ email, password: `pw-${freshKey()}`, name: "Sign Up" }, headers);
    expect(user.role, "sign-up always makes a student").toBe("student");
  },
  "app/account/actions.ts#changePasswordAction": async (actors) => {
    const before = await snapshotUsers(actors);
    // Another user's password is no key to anything: the actor's own hash is what is checked.
    await expect(
      changePassword(actors.studentB, { currentPassword: actors.studentA.password, newPassword: `pw-${freshKey()}` }),
    ).rejects.toBeInstanceOf(ValidationError);
    await changePassword(actors.studentB, {
      currentPassword: actors.studentB.password,
      newPassword: `pw-${freshKey()}`,
    });
    await expectOthersUntouched(actors, "studentB", before);
  },
  "app/account/actions.ts#endAllSessionsAction": async (actors) => {
    const before = await snapshotUsers(actors);
    await endAllSessions(actors.instructor);
    await expectOthersUntouched(actors, "instructor", before);
  },
  "app/account/actions.ts#deleteAccountAction": async (actors) => {
    const before = await snapshotUsers(actors);
    await expect(
      deleteOwnAccount(actors.otherInstructor, { password: actors.studentA.password }),
    ).rejects.toBeInstanceOf(ValidationError);
    await deleteOwnAccount(actors.otherInstructor, { password: actors.otherInstructor.password });
    expect(await userRow(actors.otherInstructor.id)).toBeNull();
    await expectOthersUntouched(actors, "otherInstructor", before);
  },
  "app/account/actions.ts#saveReminderSettingsAction": async (actors) => {
    await saveReminderSettings(actors.studentA, { enabled: true, hour: 6, timeZone: "Asia/Tokyo" });
    await saveReminderSettings(actors.instructor, { enabled: false, hour: 20, timeZone: "UTC" });
    // Each actor reads and writes only their own row; the input names no user.
    expect(await getReminderSettings(actors.studentA)).toMatchObject({ enabled: true, hour: 6, timeZone: "Asia/Tokyo" });
    expect(await getReminderSettings(actors.studentB)).toMatchObject({ enabled: false, chosen: false });
    await expect(
      saveReminderSettings(actors.studentB, { enabled: true, hour: 6, timeZone: "UTC", userId: actors.studentA.id }),
    ).rejects.toMatchObject({ status: 400, fields: { userId: ["is not a known field"] } });
  },
  "app/_components/auth/password-reset-actions.ts#requestPasswordResetAction": async (actors) => {
    // Public, and the same answer for any address: it only enqueues a job naming the address.
    const headers = new Headers({ "x-forwarded-for": `10.19.${Math.floor(Math.random() * 250)}.1` });
    const known = await requestPasswordReset({ email: actors.studentA.email }, headers);
    const unknown = await requestPasswordReset({ email: `nobody-${freshKey().slice(0, 8)}@example.test` }, headers);
    expect(unknown).toEqual(known);
  },
  "app/_components/auth/password-reset-actions.ts#confirmPasswordResetAction": async (actors) => {
    const before = await snapshotUsers(actors);
    const headers = new Headers({ "x-forwarded-for": `10.20.${Math.floor(Math.random() * 250)}.1` });
    // Only a token issued to an account changes it; nothing else names one.
    await expect(confirmPasswordReset({ token: "guess", password: `pw-${freshKey()}` }, headers, now())).rejects.toBeInstanceOf(ValidationError);
    await expect(
      confirmPasswordReset({ token: "guess", password: `pw-${freshKey()}`, email: actors.studentA.email }, headers, now()),
    ).rejects.toMatchObject({ fields: { email: ["is not a known field"] } });
    await expectOthersUntouched(actors, "studentA", before);
    expect(await userRow(actors.studentA.id)).toEqual(before.get(actors.studentA.id));
  },
  "app/_components/auth/email-verification-actions.ts#resendVerificationAction": async (actors) => {
    // Public, and the same answer for any address: at most it enqueues a job naming the address.
    const headers = new Headers({ "x-forwarded-for": `10.21.${Math.floor(Math.random() * 250)}.1` });
    const known = await requestVerificationMail({ email: actors.studentA.email }, headers);
    const unknown = await requestVerificationMail({ email: `nobody-${freshKey().slice(0, 8)}@example.test` }, headers);
    expect(unknown).toEqual(known);
  },
  "app/_components/auth/email-verification-actions.ts#confirmEmailVerificationAction": async (actors) => {
    const before = await snapshotUsers(actors);
    const headers = new Headers({ "x-forwarded-for": `10.22.${Math.floor(Math.random() * 250)}.1` });
    // Only a token issued to an account confirms it; nothing else names one.
    await expect(confirmEmailVerification({ token: "guess" }, headers, now())).rejects.toBeInstanceOf(ValidationError);
    await expect(confirmEmailVerification({ token: "guess", email: actors.studentA.email }, headers, now())).rejects.toMatchObject({
      fields: { email: ["is not a known field"] },
    });
    await expectOthersUntouched(actors, "studentA", before);
    expect(await userRow(actors.studentA.id)).toEqual(before.get(actors.studentA.id));
  },
  "app/unsubscribe/actions.ts#unsubscribeAction": async (actors) => {
    // The signature is per user: one user's link does not unsubscribe another.
    const tokenA = unsubscribeToken(actors.studentA.id);
    expect(isValidUnsubscribeToken(actors.studentA.id, tokenA)).toBe(true);
    expect(isValidUnsubscribeToken(actors.studentB.id, tokenA)).toBe(false);
    expect(isValidUnsubscribeToken(actors.studentB.id, "")).toBe(false);
    await saveReminderSettings(actors.studentB, { enabled: true, hour: 9, timeZone: "UTC" });
    await unsubscribeFromReminders(actors.studentA.id, now());
    expect(await getReminderSettings(actors.studentB)).toMatchObject({ enabled: true, unsubscribedAt: null });
  },
  "app/teach/actions.ts#refitMemoryModelAction": async (actors) => {
    const setup = await classSetup(actors);
    await expectClassTeacher(actors, setup, (actor) => requestClassCourseFit(actor, setup.cls.id));
  },
  "app/(student)/courses/[slug]/settings/actions.ts#fittedWeightsAction": async (actors) => {
    const course = await createCourse({ lessons: 1, cardsPerLesson: 2 });
    await chooseFittedWeights(actors.studentA, course.slug, { useFittedWeights: false });
    // Each actor only ever changes their own choice.
    expect(await getMyMemoryModel(actors.studentA, course.slug)).toMatchObject({ optedOut: true, source: "defaults" });
    expect(await getMyMemoryModel(actors.studentB, course.slug)).toMatchObject({ optedOut: false });
    await expect(chooseFittedWeights(actors.studentB, course.slug, { useFittedWeights: "no" })).rejects.toBeInstanceOf(ValidationError);
    await expect(chooseFittedWeights(actors.studentB, "no-such-course", { useFittedWeights: true })).rejects.toBeInstanceOf(NotFoundError);
  },
  "app/teach/actions.ts#nudgeStudentsAction": async (actors) => {
    const setup = await classSetup(actors);
    const again = async () => {
      await db().assignmentNudge.deleteMany({ where: { assignmentId: setup.assignment.id } });
    };
    await expectClassTeacher(actors, setup, (actor) => nudgeStudentsBehind(actor, setup.cls.id, setup.assignment.id, now()), {
      before: again,
    });
    // Another class's assignment, named under this class: not found, and nobody is mailed.
    await expect(nudgeStudentsBehind(actors.instructor, setup.cls.id, setup.otherAssignment.id, now())).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await db().assignmentNudge.count({ where: { assignmentId: setup.otherAssignment.id } })).toBe(0);
  },
  "app/admin/users/actions.ts#setRoleAction": async (actors) => {
    for (const actor of [actors.studentA, actors.studentB, actors.instructor] as const) {
      await expect(setUserRole(actor, { userId: actors.studentA.id, role: "admin" })).rejects.toBeInstanceOf(
        ForbiddenError,
      );
      await expect(setUserRole(actor, { userId: actor.id, role: "admin" })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(listUsers(actor, {})).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect((await userRow(actors.studentA.id))?.role).toBe("student");
    // The token's role is not trusted: an actor object claiming admin whose row says student is refused inside.
    const pretender = await db().user.create({
      data: {
        email: `pretender-${freshKey().slice(0, 8)}@example.test`,
        name: "P",
        role: "student",
        passwordHash: "x",
      },
    });
    await expect(
      setUserRole(testActor({ ...pretender, role: "admin" }), { userId: actors.studentA.id, role: "admin" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect((await userRow(actors.studentA.id))?.role).toBe("student");
    const updated = await setUserRole(actors.admin, { userId: actors.studentB.id, role: "instructor" });
    expect(updated.role).toBe("instructor");
    await expect(setUserRole(actors.admin, { userId: "no-such-user", role: "student" })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  },
};

describe("server actions", () => {
  test("each action's lib function checks authorization itself", async () => {
    const s = scenario("authz-actions", "authorization", "Server actions: lib functions refuse the wrong actor");
    for (const [action, check] of Object.entries(ACTION_CHECKS)) {
      s.note(`${action}: ${ACTION_MATRIX[action] ?? "unlisted"}`);
      // Fresh actors for each: some checks delete or change them.
      await check(await makeActors());
      s.add("actions checked");
    }
  });
});
