/**
 * Who may call what, over HTTP against the production build: anonymous → 401, a student on
 * instructor routes → 403, an instructor of another class → 404 (as for a class that does not
 * exist), the class's own instructors and admins → 2xx. Bad input → 400 with field errors.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { baseUrl } from "@/tests/support/http";
import { anonymousClient, registerAndSignIn, type TestClient } from "@/tests/support/session";
import { createHttpCourse, type HttpCourse } from "./support";

let course: HttpCourse;
let owner: TestClient;
let coInstructor: TestClient;
let stranger: TestClient;
let student: TestClient;
let admin: TestClient;
let classId: string;
let joinCode: string;

beforeAll(async () => {
  course = await createHttpCourse();
  [owner, coInstructor, stranger, student, admin] = await Promise.all([
    registerAndSignIn(baseUrl, { role: "instructor", name: "Owner" }),
    registerAndSignIn(baseUrl, { role: "instructor", name: "Co" }),
    registerAndSignIn(baseUrl, { role: "instructor", name: "Stranger" }),
    registerAndSignIn(baseUrl, { name: "Student" }),
    registerAndSignIn(baseUrl, { role: "admin", name: "Admin" }),
  ]);
  const created = await owner.fetch("/api/classes", {
    method: "POST",
    json: { name: "Access 101", term: "Fall 2026", courseSlug: course.slug, timeZone: "Europe/Berlin" },
  });
  expect(created.status).toBe(201);
  const body = await created.json();
  classId = body.id;
  joinCode = body.joinCode;
  expect(body).toMatchObject({ name: "Access 101", timeZone: "Europe/Berlin", course: { slug: course.slug }, joinEnabled: true });
  expect(body.joinCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
  expect(body.joinCodeDisplay).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
  expect((await owner.fetch(`/api/classes/${classId}/instructors`, { method: "POST", json: { email: coInstructor.user.email } })).status).toBe(201);
  expect((await student.fetch("/api/classes/join", { method: "POST", json: { code: body.joinCodeDisplay } })).status).toBe(200);
});

/** Every instructor route with a harmless request. */
function instructorRoutes(): { method: string; path: string; json?: unknown }[] {
  return [
    { method: "GET", path: `/api/classes/${classId}` },
    { method: "PATCH", path: `/api/classes/${classId}`, json: { term: "Fall 2026" } },
    { method: "GET", path: `/api/classes/${classId}/students` },
    { method: "GET", path: `/api/classes/${classId}/assignments` },
    { method: "POST", path: `/api/classes/${classId}/assignments`, json: { lessonKeys: ["lesson-1"], dueAt: "2030-01-01T12:00" } },
    { method: "GET", path: `/api/classes/${classId}/progress` },
    { method: "GET", path: `/api/classes/${classId}/gradebook.csv` },
    { method: "GET", path: `/api/classes/${classId}/cards/${course.cardIds[0]}` },
    { method: "POST", path: `/api/classes/${classId}/join-code` },
  ];
}

describe("role and ownership matrix", () => {
  test("anonymous → 401 everywhere", async () => {
    const anonymous = anonymousClient(baseUrl);
    for (const route of [...instructorRoutes(), { method: "GET", path: "/api/classes" }, { method: "POST", path: "/api/classes/join", json: { code: joinCode } }, { method: "GET", path: "/api/classes/assigned" }]) {
      const response = await anonymous.fetch(route.path, { method: route.method, json: route.json });
      expect(response.status, `${route.method} ${route.path}`).toBe(401);
    }
  });

  test("a student (even one in the class) → 403 on instructor routes and on creating a class", async () => {
    for (const route of instructorRoutes()) {
      const response = await student.fetch(route.path, { method: route.method, json: route.json });
      expect(response.status, `${route.method} ${route.path}`).toBe(403);
    }
    const create = await student.fetch("/api/classes", { method: "POST", json: { name: "Mine", term: "T", courseSlug: course.slug } });
    expect(create.status).toBe(403);
  });

  test("an instructor of another class → 404, the same as a class that does not exist", async () => {
    for (const route of instructorRoutes()) {
      const response = await stranger.fetch(route.path, { method: route.method, json: route.json });
      expect(response.status, `${route.method} ${route.path}`).toBe(404);
      const missing = await owner.fetch(route.path.replace(classId, "c_no_such_class"), { method: route.method, json: route.json });
      expect(missing.status, `missing ${route.method} ${route.path}`).toBe(404);
    }
    const list = await stranger.fetch("/api/classes");
    expect((await list.json()).classes).toEqual([]);
  });

  test("owner, co-instructor and admin → 2xx", async () => {
    for (const client of [owner, coInstructor, admin]) {
      for (const route of instructorRoutes()) {
        const response = await client.fetch(route.path, { method: route.method, json: route.json });
        expect(response.status, `${client.user.name} ${route.method} ${route.path}`).toBeLessThan(300);
      }
    }
  });

  test("only the owner (or an admin) archives; a co-instructor gets 403", async () => {
    expect((await coInstructor.fetch(`/api/classes/${classId}`, { method: "PATCH", json: { archived: true } })).status).toBe(403);
    expect((await owner.fetch(`/api/classes/${classId}`, { method: "PATCH", json: { archived: true } })).status).toBe(200);
    expect((await admin.fetch(`/api/classes/${classId}`, { method: "PATCH", json: { archived: false } })).status).toBe(200);
  });

  test("a student sees only their own classes and never other students", async () => {
    const classes = await (await student.fetch("/api/classes")).json();
    expect(classes.classes.map((entry: { id: string }) => entry.id)).toEqual([classId]);
    expect(JSON.stringify(classes)).not.toContain("@");
    const assigned = await student.fetch("/api/classes/assigned");
    expect(assigned.status).toBe(200);
    const body = await assigned.json();
    expect(body.assignments.length).toBeGreaterThan(0);
    expect(body.assignments[0]).toMatchObject({ className: "Access 101", courseSlug: course.slug });
    expect(JSON.stringify(body)).not.toContain(owner.user.email);
  });

  test("a cross-site write is refused", async () => {
    const response = await owner.fetch(`/api/classes/${classId}`, {
      method: "PATCH",
      json: { term: "Evil" },
      headers: { origin: "https://evil.example" },
    });
    expect(response.status).toBe(403);
  });
});

describe("validation", () => {
  test("bad class input → 400 naming every bad field", async () => {
    const response = await owner.fetch("/api/classes", { method: "POST", json: { name: "", courseSlug: "No Such", timeZone: "Mars/Base" } });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.code).toBe("invalid_input");
    expect(Object.keys(error.fields).sort()).toEqual(["courseSlug", "name", "term", "timeZone"]);

    const unknownCourse = await owner.fetch("/api/classes", { method: "POST", json: { name: "X", term: "Y", courseSlug: "no-such-course" } });
    expect(unknownCourse.status).toBe(400);
    expect((await unknownCourse.json()).error.fields).toHaveProperty("courseSlug");
  });

  test("bad assignment input → 400 with field errors", async () => {
    const cases: [unknown, string][] = [
      [{ dueAt: "2030-01-01T12:00" }, "lessonKeys"],
      [{ lessonKeys: ["lesson-1"], unitKey: "unit-1", dueAt: "2030-01-01T12:00" }, "lessonKeys"],
      [{ lessonKeys: ["nope"], dueAt: "2030-01-01T12:00" }, "lessonKeys"],
      [{ unitKey: "nope", dueAt: "2030-01-01T12:00" }, "unitKey"],
      [{ lessonKeys: ["lesson-1"], dueAt: "next tuesday" }, "dueAt"],
      [{ lessonKeys: ["lesson-1"], dueAt: "2030-02-30T12:00" }, "dueAt"],
      [{ lessonKeys: ["lesson-1"], opensAt: "2030-01-02T00:00", dueAt: "2030-01-01T12:00" }, "dueAt"],
      [{ lessonKeys: ["lesson-1"], dueAt: "2030-01-01T12:00", goal: "cram" }, "goal"],
    ];
    for (const [input, field] of cases) {
      const response = await owner.fetch(`/api/classes/${classId}/assignments`, { method: "POST", json: input });
      expect(response.status, JSON.stringify(input)).toBe(400);
      expect((await response.json()).error.fields, JSON.stringify(input)).toHaveProperty(field);
    }
  });

  test("an assignment's wall-clock times are read in the class's zone", async () => {
    const response = await owner.fetch(`/api/classes/${classId}/assignments`, {
      method: "POST",
      json: { unitKey: course.unitKey, opensAt: "2030-03-30T09:00", dueAt: "2030-03-31T23:59", goal: "recall" },
    });
    expect(response.status).toBe(201);
    const body = await response.json();
    // Berlin is UTC+1 before 31 March 2030 (02:00) and UTC+2 after it.
    expect(body).toMatchObject({
      opensAt: "2030-03-30T08:00:00.000Z",
      dueAt: "2030-03-31T21:59:00.000Z",
      opensAtLocal: "2030-03-30T09:00",
      dueAtLocal: "2030-03-31T23:59",
      unitKey: course.unitKey,
      lessonKeys: course.lessonKeys,
      goal: "recall",
      title: "Unit 1",
    });
  });
});
