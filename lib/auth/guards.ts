import "server-only";
import { headers } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import { db } from "@/lib/db/client";
import { ForbiddenError, NotFoundError, UnauthorizedError } from "@/lib/errors";
import { REQUEST_PATH_HEADER, safeCallbackPath } from "./paths";
import type { Role } from "@/lib/contracts";
import { actorFromSession, type Actor } from "./actor";
import { idSchema } from "./schemas";
import { currentSessionCheck, getSessionUser } from "./session";
import { sessionUserOf, type SessionCheck, type SessionUserRow } from "./credentials";

/**
 * Authorization for route handlers, server actions and server components. Each guard re-reads the
 * user from the database (see getSessionUser), so a deleted, signed-out-everywhere or demoted user
 * is refused on their very next request. They throw the typed errors of lib/errors.ts: `apiRoute`
 * turns those into 401/403/404; pages wrap them in `guardPage`.
 */

/** The signed-in user, or UnauthorizedError (401). */
export async function requireUser(): Promise<Actor> {
  const user = await getSessionUser();
  if (!user) throw new UnauthorizedError();
  return actorFromSession(user);
}

/**
 * For a hot path that folds the user re-check into its own first statement (one round trip fewer):
 * the session this request's cookie claims, or UnauthorizedError (401) when there is no cookie that
 * decodes. Nothing is checked against the database yet: the caller reads `sessionUserSql(check)` in
 * that statement and must pass the result through `requireCheckedUser` before doing anything else.
 */
export async function requireSessionCheck(): Promise<SessionCheck> {
  const check = await currentSessionCheck();
  if (!check) throw new UnauthorizedError();
  return check;
}

/** The signed-in user from a `sessionUserSql` row read for `check`, or UnauthorizedError (401). */
export function requireCheckedUser(check: SessionCheck, row: SessionUserRow | null): Actor {
  const user = sessionUserOf(check, row);
  if (!user) throw new UnauthorizedError();
  return actorFromSession(user);
}

/**
 * The signed-in user if their role is one of `roles`, else ForbiddenError (403). Admins are not let
 * through implicitly: list "admin" where admins belong, e.g. `requireRole("instructor", "admin")`.
 */
export async function requireRole(...roles: Role[]): Promise<Actor> {
  return ensureRole(await requireUser(), roles);
}

export function ensureRole(user: Actor, roles: readonly Role[]): Actor {
  if (!roles.includes(user.role)) throw new ForbiddenError();
  return user;
}

export type ClassAccess = { user: Actor; classId: string; as: "owner" | "co_instructor" | "admin" };

/**
 * An instructor of this class (or an admin). A student gets ForbiddenError; an instructor who does
 * not teach the class, or anyone asking about a class that does not exist, gets NotFoundError, so
 * class ids cannot be probed.
 */
export async function requireInstructorOf(classId: string): Promise<ClassAccess> {
  return ensureInstructorOf(await requireUser(), classId);
}

export async function ensureInstructorOf(user: Actor, classId: string): Promise<ClassAccess> {
  if (user.role === "student") throw new ForbiddenError();
  if (!idSchema.safeParse(classId).success) throw new NotFoundError();
  if (user.role === "admin") {
    const exists = await db().class.findUnique({ where: { id: classId }, select: { id: true } });
    if (!exists) throw new NotFoundError();
    return { user, classId, as: "admin" };
  }
  const teaching = await db().classInstructor.findUnique({
    where: { classId_userId: { classId, userId: user.id } },
    select: { role: true },
  });
  if (!teaching) throw new NotFoundError();
  return { user, classId, as: teaching.role };
}

/**
 * For server components: runs a guard and turns its refusal into the page's answer. Not signed in
 * → redirect to /signin?callbackUrl=<this page>; NotFoundError → the 404 page; ForbiddenError → the
 * 403 page (app/forbidden.tsx).
 *
 *   const user = await guardPage(() => requireRole("admin"));
 */
export async function guardPage<T>(guard: () => Promise<T>): Promise<T> {
  try {
    return await guard();
  } catch (error) {
    if (error instanceof UnauthorizedError) redirect(`/signin?callbackUrl=${encodeURIComponent(await currentPath())}`);
    if (error instanceof NotFoundError) notFound();
    if (error instanceof ForbiddenError) forbidden();
    throw error;
  }
}

/** The path being rendered, as the proxy recorded it (server components are not told their URL). */
async function currentPath(): Promise<string> {
  return safeCallbackPath((await headers()).get(REQUEST_PATH_HEADER));
}
