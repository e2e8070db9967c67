import "server-only";
import type { Prisma } from "@prisma/client";
import type { PublicUser } from "@/lib/contracts";
import { db } from "@/lib/db/client";
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
export async function resolveSessionUser(claims: { id: string; sessionVersion: number }): Promise<PublicUser | null> {
  // Every request runs this: raw SQL skips the ORM's per-call query compilation (docs/decisions/0007).
  const [user] = await db().$queryRaw<(PublicUser & { sessionVersion: number })[]>`
    SELECT id, email, name, role::text AS role, "sessionVersion" FROM "User" WHERE id = ${claims.id}`;
  if (!user || user.sessionVersion !== claims.sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
