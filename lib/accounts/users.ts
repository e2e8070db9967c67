import "server-only";
import { randomBytes } from "node:crypto";
import { Prisma } from "@prisma/client";
import type { Actor } from "@/lib/auth/actor";
import { publicUserColumns as publicUser } from "@/lib/auth/credentials";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import {
  changePasswordSchema,
  deleteAccountSchema,
  provisionUserSchema,
  setRoleSchema,
  signUpSchema,
  userSearchSchema,
} from "@/lib/auth/schemas";
import { consumeThrottle, GROWING_DELAY, releaseThrottle, resetThrottle } from "@/lib/auth/throttle";
import type { PublicUser } from "@/lib/contracts";
import { isUniqueViolation } from "@/lib/db/raw";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { emailVerificationRequired } from "./email-verification";
import { db, type Tx } from "@/lib/db/client";

export type UserListEntry = PublicUser & { createdAt: Date };

const USERS_PER_PAGE = 50;

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
      // A self sign-up starts unconfirmed when verification is required; other accounts count as verified.
      data: { email, name, passwordHash, role: "student", ...(emailVerificationRequired() ? { emailVerifiedAt: null } : {}) },
      select: { ...publicUser, sessionVersion: true },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

/**
 * Re-checking the signed-in user's password (change password, delete account) is throttled like
 * sign-in: whoever holds a stolen cookie must not be able to guess the password through these forms.
 */
export const PASSWORD_CHECK_LIMIT = { limit: 5, windowSeconds: 24 * 60 * 60, backoff: GROWING_DELAY } as const;
const PASSWORD_CHECK_BUCKET = "password-check:user";

/** The actor's current hash once `password` matches it; a wrong one is a ValidationError on `field`, and counts. */
async function checkOwnPassword(actor: Actor, password: string, field: string): Promise<{ passwordHash: string }> {
  const ticket = await consumeThrottle(PASSWORD_CHECK_BUCKET, actor.id, PASSWORD_CHECK_LIMIT);
  const current = await db().user.findUnique({ where: { id: actor.id }, select: { passwordHash: true } });
  if (!current) throw new NotFoundError("Your account no longer exists.");
  if (!(await verifyPassword(current.passwordHash, password))) throw new ValidationError({ [field]: ["is not correct"] });
  await releaseThrottle(ticket);
  await resetThrottle(PASSWORD_CHECK_BUCKET, actor.id);
  return current;
}

/** Changes the actor's own password; every other session ends. Returns the new session version for re-issuing this one. */
export async function changePassword(actor: Actor, input: unknown): Promise<{ sessionVersion: number }> {
  const { currentPassword, newPassword } = parseInput(changePasswordSchema, input);
  const current = await checkOwnPassword(actor, currentPassword, "currentPassword");
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
export async function endAllSessions(actor: Actor): Promise<{ sessionVersion: number }> {
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

async function assertStillAdmin(tx: Tx, actor: Actor) {
  const fresh = await tx.user.findUnique({ where: { id: actor.id }, select: { role: true } });
  if (fresh?.role !== "admin") throw new ForbiddenError();
}

/**
 * Admin only: gives a user another role. The user's sessions end (the schema's rule for role
 * changes), so the new role applies from their next sign-in. The last admin cannot be demoted.
 */
export async function setUserRole(actor: Actor, input: unknown): Promise<PublicUser> {
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

/** A LIKE pattern matching `text` anywhere, literally: `%`, `_` and the escape character itself are escaped. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** Admin only: users whose email or name contains the query (literally; `%` and `_` are not wildcards), newest first, 50 a page. */
export async function listUsers(
  actor: Actor,
  input: unknown,
): Promise<{ users: UserListEntry[]; page: number; hasMore: boolean }> {
  if (actor.role !== "admin") throw new ForbiddenError();
  const { query, page } = parseInput(userSearchSchema, input);
  const pattern = query ? containsPattern(query) : null;
  const rows = await db().$queryRaw<UserListEntry[]>`
    SELECT id, email, name, role::text AS role, "createdAt" FROM "User"
    WHERE ${pattern}::text IS NULL OR email ILIKE ${pattern} ESCAPE '\\' OR name ILIKE ${pattern} ESCAPE '\\'
    ORDER BY "createdAt" DESC, id ASC
    OFFSET ${(page - 1) * USERS_PER_PAGE} LIMIT ${USERS_PER_PAGE + 1}`;
  return { users: rows.slice(0, USERS_PER_PAGE), page, hasMore: rows.length > USERS_PER_PAGE };
}

/**
 * Deletes the actor's own account after re-checking the password. Card states, reviews, settings,
 * enrollments and class-instructor rows go with it (cascades); classes and assignments the user
 * created stay, without a creator. The last admin cannot leave, nor can the owner of a studio course.
 */
export async function deleteOwnAccount(actor: Actor, input: unknown): Promise<void> {
  const { password } = parseInput(deleteAccountSchema, input);
  await checkOwnPassword(actor, password, "password");
  await db().$transaction(async (tx) => {
    const admins = await lockAdmins(tx);
    if (admins.includes(actor.id) && admins.length <= 1) {
      throw new ConflictError("You are the only admin; make someone else an admin before deleting your account.");
    }
    // A studio course's students keep studying it, so it cannot lose its owner with the account.
    const owned = await tx.studioCourse.count({ where: { ownerId: actor.id } });
    if (owned > 0) {
      throw new ConflictError(`You own ${owned} studio course${owned === 1 ? "" : "s"}; students may be studying them, so this account cannot be deleted while it owns them.`);
    }
    await tx.user.delete({ where: { id: actor.id } });
  });
}

/** Everything Retain keeps about the actor, for "download my data". Read in one snapshot. */
export async function exportUserData(actor: Actor) {
  return db().$transaction(
    async (tx) => {
      const profile = await tx.user.findUnique({
        where: { id: actor.id },
        select: { ...publicUser, createdAt: true, updatedAt: true },
      });
      if (!profile) throw new NotFoundError("Your account no longer exists.");
      const mine = { userId: actor.id };
      const [cardStates, reviews, settings, enrollments, classesTaught, contentNotesRead] = await Promise.all([
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
        tx.contentNoteAcknowledgement.findMany({
          where: mine,
          select: { acknowledgedAt: true, course: { select: { slug: true } } },
          orderBy: { acknowledgedAt: "asc" },
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
        contentNotesRead,
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
