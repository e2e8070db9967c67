import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import type { PublicUser } from "@/lib/contracts";
import { resolveSessionUser, revokeSession, type SessionCheck } from "./credentials";
import {
  decodeSessionToken,
  SESSION_MAX_AGE_SECONDS,
  sessionCookieFor,
  sessionCookieName,
  sessionCookieOptions,
  type SessionClaims,
} from "./session-cookie";

/**
 * The signed-in user, re-checked against the database (exists, same session version, current
 * role), or null. Works in server components, server actions and route handlers; memoised per
 * request where React allows it. Prefer the guards in ./guards.ts, which throw typed errors.
 */
export const getSessionUser = cache(async (): Promise<PublicUser | null> => {
  const check = await currentSessionCheck();
  return check ? resolveSessionUser(check) : null;
});

/**
 * What this browser's session cookie claims (user, session version, session id), not yet checked
 * against the database; null without a cookie that decodes. The cookie is decoded directly (expiry
 * checked by the decryption): next-auth's getServerSession would also re-encrypt and re-set it on
 * every call, which proxy.ts already does once a day. Memoised per request like getSessionUser.
 */
export const currentSessionCheck = cache(async (): Promise<SessionCheck | null> => {
  const claims = await currentSessionClaims();
  return claims ? { id: claims.sub, sessionVersion: claims.sv, sessionId: claims.sid } : null;
});

/** This browser's session claims, if its cookie decodes (not yet checked against the database). */
async function currentSessionClaims(): Promise<SessionClaims | null> {
  const token = (await cookies()).get(sessionCookieName())?.value;
  return token ? sessionClaimsOf(token) : null;
}

/** The claims of a token Retain issued, or null (a token from before session ids were added counts as none). */
export async function sessionClaimsOf(token: string): Promise<SessionClaims | null> {
  const claims = await decodeSessionToken(token);
  if (!claims?.sub || typeof claims.sv !== "number" || typeof claims.role !== "string") return null;
  if (typeof claims.sid !== "string" || typeof claims.sat !== "number") return null;
  return { sub: claims.sub, role: claims.role, sv: claims.sv, sid: claims.sid, sat: claims.sat };
}

/**
 * Ends a session server-side: its id is refused from now on, wherever a copy of the cookie is.
 * For next-auth's sign-out (the token it hands to `events.signOut`) and `signOutThisBrowser`.
 */
export async function endSession(claims: { sub?: string; sid?: unknown; exp?: unknown }): Promise<void> {
  if (!claims.sub || typeof claims.sid !== "string") return;
  const expiresAt =
    typeof claims.exp === "number" ? new Date(claims.exp * 1000) : new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000);
  await revokeSession({ userId: claims.sub, sessionId: claims.sid, expiresAt });
}

/** Signs this browser out: its session is revoked in the database and its cookie removed. */
export async function signOutThisBrowser(): Promise<void> {
  const token = (await cookies()).get(sessionCookieName())?.value;
  const claims = token ? await decodeSessionToken(token) : null;
  if (claims) await endSession(claims);
  await clearSessionCookie();
}

/**
 * Sets a new session cookie for the user (server actions and route handlers only: server
 * components cannot set cookies). Used after sign-up and after a change that bumped the session
 * version, so this browser stays signed in while the others end.
 */
export async function issueSessionCookie(user: { id: string; role: string; sessionVersion: number }): Promise<void> {
  // The same browser keeps its session id (and sign-in time) across a re-issue: it is the same session.
  const current = await currentSessionClaims();
  const same = current?.sub === user.id ? { sid: current.sid, sat: current.sat } : {};
  const cookie = await sessionCookieFor({ sub: user.id, role: user.role, sv: user.sessionVersion, ...same });
  (await cookies()).set(cookie.name, cookie.value, cookie.options);
}

/** Signs this browser out: removes the session cookie (and any chunks next-auth split it into). */
export async function clearSessionCookie(): Promise<void> {
  const jar = await cookies();
  const name = sessionCookieName();
  for (const cookie of jar.getAll()) {
    // Set rather than delete: a __Secure- cookie is only replaced by one that is Secure too.
    if (cookie.name === name || cookie.name.startsWith(`${name}.`))
      jar.set(cookie.name, "", { ...sessionCookieOptions(), maxAge: 0 });
  }
}
