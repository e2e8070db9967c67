import { describe, expect, test } from "vitest";
import { ensureInstructorOf, ensureRole } from "@/lib/auth/guards";
import { db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { testActor } from "@/tests/support/actors";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { createCourse } from "@/tests/support/fixtures";

async function user(role: Actor["role"]): Promise<Actor> {
  return testActor(
    await db().user.create({
      data: { email: `${role}-${crypto.randomUUID()}@example.test`, name: role, role, passwordHash: "x" },
      select: { id: true, email: true, name: true, role: true },
    }),
  );
}

async function classTaughtBy(instructorId: string, role: "owner" | "co_instructor" = "owner") {
  const course = await createCourse({ lessons: 1, cardsPerLesson: 1 });
  const created = await db().class.create({
    data: {
      name: "Bio",
      term: "Fall",
      courseId: course.id,
      joinCode: crypto.randomUUID(),
      instructors: { create: { userId: instructorId, role } },
    },
  });
  return created.id;
}

describe("ensureRole", () => {
  test("passes listed roles only; admins are not let through implicitly", async () => {
    const admin = await user("admin");
    expect(ensureRole(admin, ["admin"])).toBe(admin);
    expect(() => ensureRole(admin, ["instructor"])).toThrow(ForbiddenError);
    expect(() => ensureRole({ ...admin, role: "student" }, ["instructor", "admin"])).toThrow(ForbiddenError);
  });
});

describe("ensureInstructorOf", () => {
  test("the class's instructors pass with their class role", async () => {
    const owner = await user("instructor");
    const co = await user("instructor");
    const classId = await classTaughtBy(owner.id);
    await db().classInstructor.create({ data: { classId, userId: co.id, role: "co_instructor" } });
    expect(await ensureInstructorOf(owner, classId)).toEqual({ user: owner, classId, as: "owner" });
    expect((await ensureInstructorOf(co, classId)).as).toBe("co_instructor");
  });

  test("another instructor gets NotFound (cannot learn the class exists); a student gets Forbidden", async () => {
    const owner = await user("instructor");
    const classId = await classTaughtBy(owner.id);
    await expect(ensureInstructorOf(await user("instructor"), classId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(ensureInstructorOf(await user("student"), classId)).rejects.toBeInstanceOf(ForbiddenError);
  });

  test("admins pass for any existing class, NotFound for a missing one", async () => {
    const admin = await user("admin");
    const classId = await classTaughtBy((await user("instructor")).id);
    expect((await ensureInstructorOf(admin, classId)).as).toBe("admin");
    await expect(ensureInstructorOf(admin, "no-such-class")).rejects.toBeInstanceOf(NotFoundError);
    await expect(ensureInstructorOf(await user("instructor"), "no-such-class")).rejects.toBeInstanceOf(NotFoundError);
    // Ids that cannot be ids never reach the database (a NUL byte would make Postgres throw).
    await expect(ensureInstructorOf(admin, "bad\u0000id")).rejects.toBeInstanceOf(NotFoundError);
    await expect(ensureInstructorOf(admin, "x".repeat(65))).rejects.toBeInstanceOf(NotFoundError);
  });
});
