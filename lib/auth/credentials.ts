import "server-only";
import { Prisma } from "@prisma/client";
import type { PublicUser } from "@/lib/contracts";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { hashPassword, needsRehash, verifyAgainstDummyHash, verifyPassword } from "./password";
import { signInSchema } from "./schemas";

/**
 * The two reads of a user row that authentication makes: the sign-in check and the session's
 * re-check on every request. Account management (sign-up, password and role changes, export) is
 * lib/accounts, which builds on these.
 */

/** The columns of a PublicUser, for Prisma selects. */
export const publicUserColumns = { id: true, email: true, name: true, role: true } satisfies Prisma.UserSelect;
const publicUser = publicUserColumns;

/** `User.lastSeenAt` is kept to the hour (study reminders pause after two weeks without a visit). */
const LAST_SEEN_RESOLUTION_MS = 3_600_000;

/**
 * Thrown by `verifyCredentials` for a right password on an account whose address is not confirmed
 * yet (EMAIL_VERIFICATION=required); next-auth passes the message on as `?error=`.
 */
export const EMAIL_NOT_VERIFIED = "EmailNotVerified";
export const EMAIL_NOT_VERIFIED_MESSAGE =
  "Confirm your email address first: open the link we mailed you when you signed up. No mail? Ask for a new link.";

/**
 * Checks an email and password. Unknown email and wrong password both return null after one
 * Argon2 verification each, so neither the answer nor its timing tells them apart. A hash made with
 * older settings is replaced on success. With EMAIL_VERIFICATION=required, an unconfirmed account
 * is refused with EMAIL_NOT_VERIFIED, only after its password was right (so it reveals nothing new).
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
    select: { ...publicUser, sessionVersion: true, passwordHash: true, emailVerifiedAt: true },
  });
  if (!user) {
    await verifyAgainstDummyHash(password);
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, password))) return null;
  if (!user.emailVerifiedAt && env().EMAIL_VERIFICATION === "required") throw new Error(EMAIL_NOT_VERIFIED);
  if (needsRehash(user.passwordHash)) {
    const passwordHash = await hashPassword(password);
    await db().user.updateMany({ where: { id: user.id, passwordHash: user.passwordHash }, data: { passwordHash } });
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
}

/** Which session a token claims: checked against the database by `sessionUserSql` and `sessionUserOf`. */
export type SessionCheck = { id: string; sessionVersion: number; sessionId: string };

/** The session's user as `sessionUserSql` reads it (null: no such user). */
export type SessionUserRow = PublicUser & { sessionVersion: number; lastSeenMs: number | null; revoked: boolean };

/**
 * SQL: the session's user and whether the session was revoked, as one jsonb value (NULL when the
 * user is gone). A scalar subquery by primary keys, so a hot path can fold the re-check into its
 * own first statement (lib/review/answer.ts) instead of paying a round trip for it.
 */
export function sessionUserSql(claims: SessionCheck): Prisma.Sql {
  return Prisma.sql`(
    SELECT jsonb_build_object(
      'id', u.id, 'email', u.email, 'name', u.name, 'role', u.role::text, 'sessionVersion', u."sessionVersion",
      'lastSeenMs', floor(extract(epoch FROM u."lastSeenAt") * 1000),
      'revoked', EXISTS (SELECT 1 FROM "RevokedSession" WHERE sid = ${claims.sessionId}))
    FROM "User" u WHERE u.id = ${claims.id})`;
}

/**
 * The user a session stands for, from its `sessionUserSql` row, or null when the account is gone,
 * the token predates a password change, role change or sign-out-everywhere, or this session was
 * signed out (revoked). The role comes from the database, never the token.
 */
export function sessionUserOf(claims: SessionCheck, user: SessionUserRow | null): PublicUser | null {
  if (!user || user.id !== claims.id || user.sessionVersion !== claims.sessionVersion || user.revoked) return null;
  if (user.lastSeenMs === null || Date.now() - Number(user.lastSeenMs) > LAST_SEEN_RESOLUTION_MS) {
    // At most one write an hour per user; a failed write only delays the next one.
    void db()
      .$executeRaw`UPDATE "User" SET "lastSeenAt" = now() AT TIME ZONE 'UTC' WHERE id = ${user.id}`
      .catch(() => {});
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** The user a session token stands for, or null (see `sessionUserOf`). Every request runs this. */
export async function resolveSessionUser(claims: SessionCheck): Promise<PublicUser | null> {
  // Raw SQL skips the ORM's per-call query compilation (docs/decisions/0007), and the revocation
  // check rides along in the same statement (one round trip, by primary keys).
  const [row] = await db().$queryRaw<{ user: SessionUserRow | null }[]>`SELECT ${sessionUserSql(claims)} AS "user"`;
  return sessionUserOf(claims, row?.user ?? null);
}

/**
 * Ends one session (signing out): its id is refused from now on. The row lives until the cookie
 * would have expired anyway; expired rows are pruned here, a few at a time. To end every session
 * of a user but one (password change, password reset, "sign out everywhere else"), bump the
 * session version (lib/accounts `endAllSessions`) and re-issue the kept browser's cookie
 * (`issueSessionCookie`, which keeps that browser's session id).
 */
export async function revokeSession(session: { userId: string; sessionId: string; expiresAt: Date }): Promise<void> {
  await db().$executeRaw`
    INSERT INTO "RevokedSession" (sid, "userId", "expiresAt")
    SELECT ${session.sessionId}, id, ${session.expiresAt} FROM "User" WHERE id = ${session.userId}
    ON CONFLICT (sid) DO NOTHING`;
  await db().$executeRaw`
    DELETE FROM "RevokedSession" WHERE sid IN (
      SELECT sid FROM "RevokedSession" WHERE "expiresAt" < (now() AT TIME ZONE 'UTC') LIMIT 100)`;
}
