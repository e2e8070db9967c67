import "server-only";
import { randomBytes } from "node:crypto";
import { Prisma } from "@prisma/client";
import { hashPassword, needsRehash, verifyAgainstDummyHash, verifyPassword } from "@/lib/auth/password";
import {
  changePasswordSchema,
  deleteAccountSchema,
  provisionUserSchema,
  setRoleSchema,
  signInSchema,
  signUpSchema,
  userSearchSchema,
  type Role,
} from "@/lib/auth/schemas";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { db, type Tx } from "./client";

/** What any caller may see of a user: never the password hash or the session version. */
export type PublicUser = { id: string; email: string; name: string; role: Role };
/** The signed-in user as the guards return it: re-read from the database on every request. */
export type SessionUser = PublicUser;
export type UserListEntry = PublicUser & { createdAt: Date };

const publicUser = { id: true, email: true, name: true, role: true } satisfies Prisma.UserSelect;

const USERS_PER_PAGE = 50;
/** `User.lastSeenAt` is kept to the hour (study reminders pause after two weeks without a visit). */
const LAST_SEEN_RESOLUTION_MS = 3_600_000;

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

function emailTaken() {
  return new ConflictError("An account with this email already exists.", {
    fields: { email: ["is already registered"] },
  });
}

/** Anyone may sign up; the account is always a student. Throttling is the caller's job (it knows the IP). */
export async function registerUser(input: unknown): Promise<PublicUser & { sessionVersion: number }> {
  const { email, name, password } = parseInput(signUpSchema, input);
  const passwordHash = await hashPassword(password);
  try {
    return await db().user.create({
      data: { email, name, passwordHash, role: "student" },
      select: { ...publicUser, sessionVersion: true },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

/**
 * Checks an email and password. Unknown email and wrong password both return null after one
 * Argon2 verification each, so neither the answer nor its timing tells them apart. A hash made with
 * older settings is replaced on success.
 */
export async function verifyCredentials(input: unknown): Promise<(PublicUser & { sessionVersion: number }) | null> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) {
    await verifyAgainstDummyHash("");
    return null;
  }
  const { email, password } = parsed.data;
  const user = await db().user.findUnique({
    where: { email },
    select: { ...publicUser, sessionVersion: true, passwordHash: true },
  });
  if (!user) {
    await verifyAgainstDummyHash(password);
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password))) return null;
  if (needsRehash(user.passwordHash)) {
    const passwordHash = await hashPassword(password);
    await db().user.updateMany({ where: { id: user.id, passwordHash: user.passwordHash }, data: { passwordHash } });
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
}

/**
 * The user a session token stands for, or null when the account is gone or the token predates a
 * password change, role change or sign-out-everywhere. The role comes from the database, never the token.
 */
export async function resolveSessionUser(claims: { id: string; sessionVersion: number }): Promise<SessionUser | null> {
  // Every request runs this: raw SQL skips the ORM's per-call query compilation (docs/decisions/0007).
  const [user] = await db().$queryRaw<(PublicUser & { sessionVersion: number; lastSeenAt: Date | null })[]>`
    SELECT id, email, name, role::text AS role, "sessionVersion", "lastSeenAt" FROM "User" WHERE id = ${claims.id}`;
  if (!user || user.sessionVersion !== claims.sessionVersion) return null;
  if (!user.lastSeenAt || Date.now() - user.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    // At most one write an hour per user; a failed write only delays the next one.
    void db()
      .$executeRaw`UPDATE "User" SET "lastSeenAt" = now() AT TIME ZONE 'UTC' WHERE id = ${user.id}`
      .catch(() => {});
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** Changes the actor's own password; every other session ends. Returns the new session version for re-issuing this one. */
export async function changePassword(actor: SessionUser, input: unknown): Promise<{ sessionVersion: number }> {
  const { currentPassword, newPassword } = parseInput(changePasswordSchema, input);
  const current = await db().user.findUnique({ where: { id: actor.id }, select: { passwordHash: true } });
  if (!current) throw new NotFoundError("Your account no longer exists.");
  if (!(await verifyPassword(current.passwordHash, currentPassword))) {
    throw new ValidationError({ currentPassword: ["is not correct"] });
  }
  const passwordHash = await hashPassword(newPassword);
  // Conditional on the hash just verified, so a concurrent change is not silently overwritten.
  const updated = await db().user.updateManyAndReturn({
    where: { id: actor.id, passwordHash: current.passwordHash },
    data: { passwordHash, sessionVersion: { increment: 1 } },
    select: { sessionVersion: true },
  });
  if (!updated[0]) throw new ConflictError("Your password was changed elsewhere just now. Sign in again and retry.");
  return { sessionVersion: updated[0].sessionVersion };
}

/**
 * Ends every session of the user, inside the caller's transaction (a password reset). The one place
 * besides endAllSessions that revokes sessions: keep the two in step.
 */
export async function revokeAllSessions(tx: Tx, userId: string): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}

/** Ends every session of the actor's (including this one, unless the caller re-issues it). */
export async function endAllSessions(actor: SessionUser): Promise<{ sessionVersion: number }> {
  try {
    return await db().user.update({
      where: { id: actor.id },
      data: { sessionVersion: { increment: 1 } },
      select: { sessionVersion: true },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025")
      throw new NotFoundError("Your account no longer exists.");
    throw error;
  }
}

async function lockAdmins(tx: Tx): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "User" WHERE role = 'admin' FOR UPDATE`;
  return rows.map((row) => row.id);
}

async function assertStillAdmin(tx: Tx, actor: SessionUser) {
  const fresh = await tx.user.findUnique({ where: { id: actor.id }, select: { role: true } });
  if (fresh?.role !== "admin") throw new ForbiddenError();
}

/**
 * Admin only: gives a user another role. The user's sessions end (the schema's rule for role
 * changes), so the new role applies from their next sign-in. The last admin cannot be demoted.
 */
export async function setUserRole(actor: SessionUser, input: unknown): Promise<PublicUser> {
  if (actor.role !== "admin") throw new ForbiddenError();
  const { userId, role } = parseInput(setRoleSchema, input);
  return db().$transaction(async (tx) => {
    const admins = await lockAdmins(tx);
    await assertStillAdmin(tx, actor);
    const target = await tx.user.findUnique({ where: { id: userId }, select: publicUser });
    if (!target) throw new NotFoundError("No such user.");
    if (target.role === role) return target;
    if (target.role === "admin" && admins.length <= 1) {
      throw new ConflictError("This is the only admin; make someone else an admin first.");
    }
    return tx.user.update({
      where: { id: userId },
      data: { role, sessionVersion: { increment: 1 } },
      select: publicUser,
    });
  });
}

/** Admin only: users whose email or name contains the query, newest first, 50 a page. */
export async function listUsers(
  actor: SessionUser,
  input: unknown,
): Promise<{ users: UserListEntry[]; page: number; hasMore: boolean }> {
  if (actor.role !== "admin") throw new ForbiddenError();
  const { query, page } = parseInput(userSearchSchema, input);
  const where: Prisma.UserWhereInput = query
    ? { OR: [{ email: { contains: query, mode: "insensitive" } }, { name: { contains: query, mode: "insensitive" } }] }
    : {};
  const rows = await db().user.findMany({
    where,
    select: { ...publicUser, createdAt: true },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    skip: (page - 1) * USERS_PER_PAGE,
    take: USERS_PER_PAGE + 1,
  });
  return { users: rows.slice(0, USERS_PER_PAGE), page, hasMore: rows.length > USERS_PER_PAGE };
}

/**
 * Deletes the actor's own account after re-checking the password. Card states, reviews, settings,
 * enrollments and class-instructor rows go with it (cascades); classes and assignments the user
 * created stay, without a creator. The last admin cannot leave.
 */
export async function deleteOwnAccount(actor: SessionUser, input: unknown): Promise<void> {
  const { password } = parseInput(deleteAccountSchema, input);
  const current = await db().user.findUnique({ where: { id: actor.id }, select: { passwordHash: true } });
  if (!current) throw new NotFoundError("Your account no longer exists.");
  if (!(await verifyPassword(current.passwordHash, password))) {
    throw new ValidationError({ password: ["is not correct"] });
  }
  await db().$transaction(async (tx) => {
    const admins = await lockAdmins(tx);
    if (admins.includes(actor.id) && admins.length <= 1) {
      throw new ConflictError("You are the only admin; make someone else an admin before deleting your account.");
    }
    await tx.user.delete({ where: { id: actor.id } });
  });
}

/** Everything Retain keeps about the actor, for "download my data". Read in one snapshot. */
export async function exportUserData(actor: SessionUser) {
  return db().$transaction(
    async (tx) => {
      const profile = await tx.user.findUnique({
        where: { id: actor.id },
        select: { ...publicUser, createdAt: true, updatedAt: true },
      });
      if (!profile) throw new NotFoundError("Your account no longer exists.");
      const mine = { userId: actor.id };
      const [cardStates, reviews, settings, enrollments, classesTaught] = await Promise.all([
        tx.cardState.findMany({
          where: mine,
          omit: { userId: true },
          include: { card: { select: { key: true } }, course: { select: { slug: true } } },
          orderBy: [{ courseId: "asc" }, { cardId: "asc" }],
        }),
        tx.reviewLog.findMany({
          where: mine,
          omit: { userId: true },
          include: { card: { select: { key: true } }, course: { select: { slug: true } } },
          orderBy: { reviewedAt: "asc" },
        }),
        tx.courseSettings.findMany({
          where: mine,
          omit: { userId: true },
          include: { course: { select: { slug: true } } },
        }),
        tx.enrollment.findMany({
          where: mine,
          omit: { userId: true },
          include: { class: { select: { name: true, term: true } } },
          orderBy: { joinedAt: "asc" },
        }),
        tx.classInstructor.findMany({
          where: mine,
          omit: { userId: true },
          include: { class: { select: { name: true, term: true } } },
        }),
      ]);
      return {
        exportedAt: new Date().toISOString(),
        profile,
        cardStates,
        reviews,
        settings,
        enrollments,
        classesTaught,
      };
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
  );
}

export type UserDataExport = Awaited<ReturnType<typeof exportUserData>>;

/** A password for an account made without one: 120 random bits, printable, never in the common list. */
export function generatePassword(): string {
  return randomBytes(15).toString("base64url");
}

/**
 * Command line and startup tasks only (no actor: whoever can run them owns the database). Creates
 * the account, or gives an existing one the role (and the password and name, when given). A role or
 * password change ends the user's sessions. Without a password a new account gets a generated one,
 * returned once for printing; an existing account keeps its password.
 */
export async function provisionUser(
  input: unknown,
): Promise<{ user: PublicUser; created: boolean; generatedPassword?: string }> {
  const { email, role, password, name } = parseInput(provisionUserSchema, input);
  const generatedPassword = password ? undefined : generatePassword();
  const chosenPassword = password ?? generatedPassword!;
  const passwordHash = await hashPassword(chosenPassword);
  const defaultName = email.split("@")[0] ?? email;
  return db().$transaction(async (tx) => {
    const existing = await tx.user.findUnique({ where: { email }, select: { ...publicUser } });
    if (!existing) {
      const user = await tx.user.create({
        data: { email, role, name: name ?? defaultName, passwordHash },
        select: publicUser,
      });
      return { user, created: true, generatedPassword };
    }
    const endsSessions = existing.role !== role || password !== undefined;
    const user = await tx.user.update({
      where: { id: existing.id },
      data: {
        role,
        ...(name ? { name } : {}),
        ...(password ? { passwordHash } : {}),
        ...(endsSessions ? { sessionVersion: { increment: 1 } } : {}),
      },
      select: publicUser,
    });
    return { user, created: false };
  });
}
