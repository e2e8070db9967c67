/**
 * Joining by code over HTTP: normalisation, throttling per user and per IP (only failures use up
 * the allowance), rotation, turning joining off, leaving and rejoining, removal.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { JOIN_LIMITS } from "@/lib/classes/classes";
import { baseUrl } from "@/tests/support/http";
import { queryHttpDatabase, registerAndSignIn, uniqueIp, type TestClient } from "@/tests/support/session";
import { createHttpCourse, type HttpCourse } from "./support";

let course: HttpCourse;
let instructor: TestClient;

async function newClass(name = `Join ${randomUUID().slice(0, 6)}`) {
  const response = await instructor.fetch("/api/classes", { method: "POST", json: { name, term: "Spring 2027", courseSlug: course.slug } });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; joinCode: string; joinCodeDisplay: string };
}

const join = (client: TestClient, code: string) => client.fetch("/api/classes/join", { method: "POST", json: { code } });

/** A well-formed code that belongs to no class. */
const wrongCode = () => "ZZZZ-ZZZZ-" + randomUUID().replace(/[^0-9]/g, "").slice(0, 2).padEnd(2, "7");

beforeAll(async () => {
  course = await createHttpCourse();
  instructor = await registerAndSignIn(baseUrl, { role: "instructor" });
});

describe("joining", () => {
  test("codes are accepted in any case and with or without dashes; joining twice is harmless", async () => {
    const cls = await newClass();
    const student = await registerAndSignIn(baseUrl);
    const messy = ` ${cls.joinCodeDisplay.toLowerCase().replace("-", " - ")} `;
    const first = await join(student, messy);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ class: { id: cls.id, course: { slug: course.slug } }, alreadyEnrolled: false });
    const again = await join(student, cls.joinCode);
    expect(await again.json()).toMatchObject({ alreadyEnrolled: true });
  });

  test("a code that is not 10 symbols → 400; an unknown code → 404", async () => {
    const student = await registerAndSignIn(baseUrl);
    const malformed = await join(student, "12345");
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.fields).toHaveProperty("code");
    expect((await join(student, wrongCode())).status).toBe(404);
    const instructorJoin = await join(instructor, wrongCode());
    expect(instructorJoin.status).toBe(403);
  });

  test(`per user: ${JOIN_LIMITS.perUser.limit} failed attempts, then 429 with Retry-After, even for the right code`, async () => {
    const cls = await newClass();
    const student = await registerAndSignIn(baseUrl);
    for (let attempt = 0; attempt < JOIN_LIMITS.perUser.limit; attempt += 1) {
      expect((await join(student, wrongCode())).status).toBe(404);
    }
    const blocked = await join(student, cls.joinCode);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another student from another address is not affected.
    const other = await registerAndSignIn(baseUrl);
    expect((await join(other, cls.joinCode)).status).toBe(200);
  });

  test("successful joins do not use up the allowance", async () => {
    const student = await registerAndSignIn(baseUrl);
    const classes = await Promise.all(Array.from({ length: 3 }, () => newClass()));
    for (let round = 0; round < 4; round += 1) {
      for (const cls of classes) expect((await join(student, cls.joinCode)).status).toBe(200);
    }
  });

  test(`per IP: ${JOIN_LIMITS.perIp.limit} failed attempts from one address across accounts, then 429`, async () => {
    const ip = uniqueIp();
    const perUser = JOIN_LIMITS.perUser.limit - 1;
    const accounts = Math.ceil(JOIN_LIMITS.perIp.limit / perUser);
    let failures = 0;
    for (let index = 0; index < accounts; index += 1) {
      const student = await registerAndSignIn(baseUrl, { ip });
      for (let attempt = 0; attempt < perUser && failures < JOIN_LIMITS.perIp.limit; attempt += 1) {
        expect((await join(student, wrongCode())).status).toBe(404);
        failures += 1;
      }
    }
    const fresh = await registerAndSignIn(baseUrl, { ip });
    expect((await join(fresh, wrongCode())).status).toBe(429);
  });
});

describe("instructor controls", () => {
  test("rotating the code stops the old one; turning joining off stops the current one (404 either way)", async () => {
    const cls = await newClass();
    const rotated = await (await instructor.fetch(`/api/classes/${cls.id}/join-code`, { method: "POST" })).json();
    expect(rotated.joinCode).not.toBe(cls.joinCode);
    const student = await registerAndSignIn(baseUrl);
    expect((await join(student, cls.joinCode)).status).toBe(404);
    expect((await instructor.fetch(`/api/classes/${cls.id}`, { method: "PATCH", json: { joinEnabled: false } })).status).toBe(200);
    expect((await join(student, rotated.joinCode)).status).toBe(404);
    expect((await instructor.fetch(`/api/classes/${cls.id}`, { method: "PATCH", json: { joinEnabled: true } })).status).toBe(200);
    expect((await join(student, rotated.joinCode)).status).toBe(200);
  });

  test("removing a student keeps their history; leaving works; the roster shows both", async () => {
    const cls = await newClass();
    const [stays, removed, leaves] = await Promise.all([registerAndSignIn(baseUrl), registerAndSignIn(baseUrl), registerAndSignIn(baseUrl)]);
    for (const student of [stays, removed, leaves]) expect((await join(student, cls.joinCode)).status).toBe(200);
    const answered = await removed.fetch("/api/review", {
      method: "POST",
      json: { cardId: course.cardIds[0], rating: 4, idempotencyKey: randomUUID() },
    });
    expect(answered.status).toBe(200);

    expect((await instructor.fetch(`/api/classes/${cls.id}/students/${removed.user.id}`, { method: "DELETE" })).status).toBe(200);
    expect((await instructor.fetch(`/api/classes/${cls.id}/students/${removed.user.id}`, { method: "DELETE" })).status).toBe(404);
    expect((await leaves.fetch(`/api/classes/${cls.id}/leave`, { method: "POST" })).status).toBe(200);
    expect((await leaves.fetch(`/api/classes/${cls.id}/leave`, { method: "POST" })).status).toBe(404);

    const roster = (await (await instructor.fetch(`/api/classes/${cls.id}/students`)).json()).students as { userId: string; removedAt: string | null }[];
    expect(roster.filter((entry) => entry.removedAt === null).map((entry) => entry.userId)).toEqual([stays.user.id]);
    expect(roster.filter((entry) => entry.removedAt !== null).map((entry) => entry.userId).sort()).toEqual([removed.user.id, leaves.user.id].sort());

    const progress = await (await instructor.fetch(`/api/classes/${cls.id}/progress`)).json();
    expect(progress.students.map((entry: { id: string }) => entry.id)).toEqual([stays.user.id]);
    const logs = await queryHttpDatabase<{ n: number }>(`SELECT count(*)::int AS n FROM "ReviewLog" WHERE "userId" = $1`, [removed.user.id]);
    expect(logs[0]?.n).toBe(1);

    // Someone who left may come back with the code.
    expect(await (await join(leaves, cls.joinCode)).json()).toMatchObject({ alreadyEnrolled: false });
  });

  test("co-instructors are added by the email of an instructor account only", async () => {
    const cls = await newClass();
    const student = await registerAndSignIn(baseUrl);
    for (const email of [student.user.email, "nobody@example.test"]) {
      const response = await instructor.fetch(`/api/classes/${cls.id}/instructors`, { method: "POST", json: { email } });
      expect(response.status).toBe(400);
      expect((await response.json()).error.fields).toHaveProperty("email");
    }
    const colleague = await registerAndSignIn(baseUrl, { role: "instructor" });
    const added = await instructor.fetch(`/api/classes/${cls.id}/instructors`, { method: "POST", json: { email: colleague.user.email.toUpperCase() } });
    expect(added.status).toBe(201);
    expect((await colleague.fetch(`/api/classes/${cls.id}/progress`)).status).toBe(200);
    expect((await colleague.fetch(`/api/classes/${cls.id}/instructors/${instructor.user.id}`, { method: "DELETE" })).status).toBe(403);
    expect((await instructor.fetch(`/api/classes/${cls.id}/instructors/${colleague.user.id}`, { method: "DELETE" })).status).toBe(200);
    expect((await colleague.fetch(`/api/classes/${cls.id}/progress`)).status).toBe(404);
  });

  test("an archived class takes no joins and disappears from the student's lists", async () => {
    const cls = await newClass();
    const student = await registerAndSignIn(baseUrl);
    expect((await join(student, cls.joinCode)).status).toBe(200);
    expect((await instructor.fetch(`/api/classes/${cls.id}/assignments`, { method: "POST", json: { lessonKeys: ["lesson-1"], dueAt: "2030-01-01T00:00" } })).status).toBe(201);
    expect((await (await student.fetch("/api/classes/assigned")).json()).assignments.some((entry: { classId: string }) => entry.classId === cls.id)).toBe(true);
    expect((await instructor.fetch(`/api/classes/${cls.id}`, { method: "PATCH", json: { archived: true } })).status).toBe(200);
    expect((await (await student.fetch("/api/classes/assigned")).json()).assignments.some((entry: { classId: string }) => entry.classId === cls.id)).toBe(false);
    const late = await registerAndSignIn(baseUrl);
    expect((await join(late, cls.joinCode)).status).toBe(404);
  });
});
