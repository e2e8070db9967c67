import { describe, expect, test } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { acknowledgeContentNote } from "@/lib/courses/content-note";
import { db } from "@/lib/db/client";
import {
  changePassword,
  deleteOwnAccount,
  endAllSessions,
  exportUserData,
  listUsers,
  provisionUser,
  registerUser,
  setUserRole,
} from "@/lib/accounts/users";
import type { Actor } from "@/lib/auth/actor";
import { resolveSessionUser, verifyCredentials } from "@/lib/auth/credentials";
import { testActor } from "@/tests/support/actors";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { createCourse } from "@/tests/support/fixtures";

let counter = 0;
const email = (label: string) => `${label}-${++counter}-${Date.now()}@example.test`;
const PASSWORD = "correct-horse-battery";

async function signedUp(role: Actor["role"] = "student"): Promise<Actor> {
  const registered = await registerUser({ email: email(role), password: PASSWORD, name: `A ${role}` });
  const user = testActor({
    id: registered.id,
    email: registered.email,
    name: registered.name,
    role: registered.role,
  });
  if (role === "student") return user;
  await db().user.update({ where: { id: user.id }, data: { role } });
  return testActor({ ...user, role });
}

async function sessionVersionOf(id: string) {
  return (await db().user.findUniqueOrThrow({ where: { id }, select: { sessionVersion: true } })).sessionVersion;
}

describe("registerUser", () => {
  test("stores a lower-cased email and an argon2id hash, returns no secrets", async () => {
    const address = email("Mixed");
    const user = await registerUser({ email: `  ${address.toUpperCase()}  `, password: PASSWORD, name: " Ada " });
    expect(user).toEqual({
      id: expect.any(String),
      email: address.toLowerCase(),
      name: "Ada",
      role: "student",
      sessionVersion: 0,
    });
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.passwordHash, PASSWORD)).toBe(true);
  });

  test("a taken email is a ConflictError naming the field", async () => {
    const address = email("taken");
    await registerUser({ email: address, password: PASSWORD, name: "One" });
    const error = await registerUser({ email: address.toUpperCase(), password: PASSWORD, name: "Two" }).catch((e) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.details).toEqual({ fields: { email: ["is already registered"] } });
  });

  test("rejects a password equal to the email or its local part", async () => {
    const address = email("self");
    const error = await registerUser({ email: address, password: address.split("@")[0], name: "S" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.fields.password).toEqual(["must not be your email address"]);
  });

  test("refuses a role in the input, and sign-up always makes a student", async () => {
    await expect(registerUser({ email: email("sneaky"), password: PASSWORD, name: "S", role: "admin" })).rejects.toMatchObject({
      status: 400,
      fields: { role: ["is not a known field"] },
    });
    const user = await registerUser({ email: email("sneaky"), password: PASSWORD, name: "S" });
    expect(user.role).toBe("student");
  });
});

describe("verifyCredentials", () => {
  test("right password → the user with its session version; wrong or unknown → null", async () => {
    const user = await signedUp();
    expect(await verifyCredentials({ email: user.email.toUpperCase(), password: PASSWORD })).toEqual({
      ...user,
      sessionVersion: 0,
    });
    expect(await verifyCredentials({ email: user.email, password: "wrong-password" })).toBeNull();
    expect(await verifyCredentials({ email: email("ghost"), password: PASSWORD })).toBeNull();
    expect(await verifyCredentials({ email: "not an email", password: PASSWORD })).toBeNull();
    expect(await verifyCredentials(undefined)).toBeNull();
  });

  test("replaces a hash made with older settings on a successful sign-in", async () => {
    const user = await signedUp();
    const { hash } = await import("@node-rs/argon2");
    const weak = await hash(PASSWORD, { memoryCost: 8_192, timeCost: 1, parallelism: 1 });
    await db().user.update({ where: { id: user.id }, data: { passwordHash: weak } });
    expect(await verifyCredentials({ email: user.email, password: PASSWORD })).not.toBeNull();
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});

describe("resolveSessionUser", () => {
  test("null for a stale session version or a deleted user; the current role otherwise", async () => {
    const user = await signedUp();
    expect(await resolveSessionUser({ id: user.id, sessionVersion: 0 })).toEqual(user);
    await db().user.update({ where: { id: user.id }, data: { role: "instructor" } });
    expect((await resolveSessionUser({ id: user.id, sessionVersion: 0 }))?.role).toBe("instructor");
    expect(await resolveSessionUser({ id: user.id, sessionVersion: 1 })).toBeNull();
    await db().user.delete({ where: { id: user.id } });
    expect(await resolveSessionUser({ id: user.id, sessionVersion: 0 })).toBeNull();
  });
});

describe("changePassword and endAllSessions", () => {
  test("needs the current password, sets the new one and bumps the session version", async () => {
    const user = await signedUp();
    const wrong = await changePassword(user, {
      currentPassword: "nope-nope-nope",
      newPassword: "new-secret-words",
    }).catch((e) => e);
    expect(wrong).toBeInstanceOf(ValidationError);
    expect(wrong.fields).toEqual({ currentPassword: ["is not correct"] });

    expect(await changePassword(user, { currentPassword: PASSWORD, newPassword: "new-secret-words" })).toEqual({
      sessionVersion: 1,
    });
    expect(await verifyCredentials({ email: user.email, password: PASSWORD })).toBeNull();
    expect(await verifyCredentials({ email: user.email, password: "new-secret-words" })).not.toBeNull();
  });

  test("the new password must pass the rules and differ from the current one", async () => {
    const user = await signedUp();
    for (const newPassword of [PASSWORD, "password1", "short"]) {
      const error = await changePassword(user, { currentPassword: PASSWORD, newPassword }).catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(Object.keys(error.fields)).toEqual(["newPassword"]);
    }
    expect(await sessionVersionOf(user.id)).toBe(0);
  });

  test("endAllSessions bumps the version", async () => {
    const user = await signedUp();
    expect(await endAllSessions(user)).toEqual({ sessionVersion: 1 });
    await db().user.delete({ where: { id: user.id } });
    await expect(endAllSessions(user)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("setUserRole and listUsers (admin only)", () => {
  test("non-admins are refused, even when they ask about themselves", async () => {
    const instructor = await signedUp("instructor");
    await expect(setUserRole(instructor, { userId: instructor.id, role: "admin" })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(listUsers(instructor, {})).rejects.toBeInstanceOf(ForbiddenError);
  });

  test("an admin changes a role; the user's session version is bumped", async () => {
    const admin = await signedUp("admin");
    const student = await signedUp();
    expect(await setUserRole(admin, { userId: student.id, role: "instructor" })).toEqual({
      ...student,
      role: "instructor",
    });
    expect(await sessionVersionOf(student.id)).toBe(1);
    // Setting the same role again changes nothing.
    await setUserRole(admin, { userId: student.id, role: "instructor" });
    expect(await sessionVersionOf(student.id)).toBe(1);
  });

  test("an admin whose role was taken away meanwhile is refused", async () => {
    const admin = await signedUp("admin");
    const student = await signedUp();
    await db().user.update({ where: { id: admin.id }, data: { role: "student" } });
    await expect(setUserRole(admin, { userId: student.id, role: "admin" })).rejects.toBeInstanceOf(ForbiddenError);
  });

  test("the last admin cannot be demoted", async () => {
    await db().user.updateMany({ where: { role: "admin" }, data: { role: "student" } });
    const admin = await signedUp("admin");
    await expect(setUserRole(admin, { userId: admin.id, role: "student" })).rejects.toBeInstanceOf(ConflictError);
    const second = await signedUp("admin");
    await setUserRole(second, { userId: admin.id, role: "student" });
    await expect(setUserRole(second, { userId: second.id, role: "instructor" })).rejects.toBeInstanceOf(ConflictError);
  });

  test("unknown user → NotFoundError; bad role → ValidationError", async () => {
    const admin = await signedUp("admin");
    await expect(setUserRole(admin, { userId: "missing", role: "student" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(setUserRole(admin, { userId: admin.id, role: "owner" })).rejects.toBeInstanceOf(ValidationError);
  });

  test("listUsers searches email and name, pages by 50, never returns hashes", async () => {
    const admin = await signedUp("admin");
    const marker = `zebra${Date.now()}`;
    for (let index = 0; index < 52; index++) {
      await db().user.create({ data: { email: `${marker}-${index}@example.test`, name: "Z", passwordHash: "x" } });
    }
    await db().user.create({
      data: { email: email("other"), name: `Named ${marker.toUpperCase()}`, passwordHash: "x" },
    });
    const first = await listUsers(admin, { query: marker });
    expect(first.users).toHaveLength(50);
    expect(first.hasMore).toBe(true);
    const second = await listUsers(admin, { query: marker, page: "2" });
    expect(second.users).toHaveLength(3);
    expect(second.hasMore).toBe(false);
    expect(Object.keys(first.users[0]!).sort()).toEqual(["createdAt", "email", "id", "name", "role"]);
  });
});

describe("deleteOwnAccount", () => {
  test("needs the password; removes the user and their personal rows, keeps shared ones", async () => {
    const user = await signedUp();
    const course = await createCourse({ lessons: 1, cardsPerLesson: 1 });
    const card = course.cards[0]!;
    await db().cardState.create({
      data: {
        userId: user.id,
        cardId: card.id,
        courseId: course.id,
        due: new Date(),
        stability: 1,
        difficulty: 5,
        elapsedDays: 0,
        scheduledDays: 1,
        learningSteps: 0,
        reps: 1,
        lapses: 0,
        state: "review",
      },
    });
    await db().courseSettings.create({ data: { userId: user.id, courseId: course.id } });

    await expect(deleteOwnAccount(user, { password: "wrong-password" })).rejects.toBeInstanceOf(ValidationError);
    await deleteOwnAccount(user, { password: PASSWORD });
    expect(await db().user.findUnique({ where: { id: user.id } })).toBeNull();
    expect(await db().cardState.count({ where: { userId: user.id } })).toBe(0);
    expect(await db().courseSettings.count({ where: { userId: user.id } })).toBe(0);
    expect(await db().card.count({ where: { id: card.id } })).toBe(1);
  });

  test("the last admin cannot delete their account", async () => {
    await db().user.updateMany({ where: { role: "admin" }, data: { role: "student" } });
    const admin = await signedUp("admin");
    await expect(deleteOwnAccount(admin, { password: PASSWORD })).rejects.toBeInstanceOf(ConflictError);
  });
});

describe("exportUserData", () => {
  test("only the actor's rows, with card and course keys for context", async () => {
    const [me, other] = [await signedUp(), await signedUp()];
    const course = await createCourse({ lessons: 1, cardsPerLesson: 2 });
    for (const [user, card] of [
      [me, course.cards[0]!],
      [other, course.cards[1]!],
    ] as const) {
      await db().cardState.create({
        data: {
          userId: user.id,
          cardId: card.id,
          courseId: course.id,
          due: new Date(),
          stability: 1,
          difficulty: 5,
          elapsedDays: 0,
          scheduledDays: 1,
          learningSteps: 0,
          reps: 1,
          lapses: 0,
          state: "review",
        },
      });
      await db().reviewLog.create({
        data: {
          userId: user.id,
          cardId: card.id,
          courseId: course.id,
          rating: 3,
          state: "new",
          due: new Date(),
          stability: 1,
          difficulty: 5,
          elapsedDays: 0,
          lastElapsedDays: 0,
          scheduledDays: 1,
          learningSteps: 0,
          reviewedAt: new Date(),
          idempotencyKey: `k-${user.id}`,
          stateBefore: {},
          stateAfter: {},
        },
      });
    }
    await acknowledgeContentNote(me, { course: course.slug }, new Date("2026-12-01T12:00:00Z"));
    const data = await exportUserData(me);
    expect(data.profile).toMatchObject({ id: me.id, email: me.email });
    expect(data.contentNotesRead).toEqual([{ acknowledgedAt: new Date("2026-12-01T12:00:00Z"), course: { slug: course.slug } }]);
    expect(data.cardStates).toHaveLength(1);
    expect(data.cardStates[0]).toMatchObject({
      cardId: course.cards[0]!.id,
      card: { key: course.cards[0]!.key },
      course: { slug: course.slug },
    });
    expect(data.reviews).toHaveLength(1);
    expect(data.reviews[0]!.idempotencyKey).toBe(`k-${me.id}`);
    expect(JSON.stringify(data)).not.toContain(other.id);
    expect(JSON.stringify(data)).not.toMatch(/passwordHash|sessionVersion/);
  });
});

describe("provisionUser (command line)", () => {
  test("creates with a generated password, printed once; promotes an existing user without touching the password", async () => {
    const address = email("cli");
    const created = await provisionUser({ email: address, role: "instructor" });
    expect(created.created).toBe(true);
    expect(created.user).toMatchObject({ email: address, role: "instructor", name: address.split("@")[0] });
    expect(created.generatedPassword).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(await verifyCredentials({ email: address, password: created.generatedPassword })).not.toBeNull();

    const promoted = await provisionUser({ email: address.toUpperCase(), role: "admin", name: "Ada" });
    expect(promoted).toEqual({ user: { ...created.user, role: "admin", name: "Ada" }, created: false });
    expect(await verifyCredentials({ email: address, password: created.generatedPassword })).not.toBeNull();
    expect(await sessionVersionOf(created.user.id)).toBe(1);
  });

  test("a given password replaces the old one and must pass the rules", async () => {
    const address = email("cli-pw");
    await provisionUser({ email: address, role: "student", password: "first-password-ok" });
    await provisionUser({ email: address, role: "student", password: "second-password-ok" });
    expect(await verifyCredentials({ email: address, password: "second-password-ok" })).not.toBeNull();
    await expect(provisionUser({ email: address, role: "student", password: "password" })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(provisionUser({ email: address, role: "superuser" })).rejects.toBeInstanceOf(ValidationError);
  });
});
