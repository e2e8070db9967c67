import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import type { PublicUser } from "@/lib/contracts";
import { resolveSessionUser } from "./credentials";
import { decodeSessionToken, sessionCookieFor, sessionCookieName, sessionCookieOptions } from "./session-cookie";

/**
 * The signed-in user, re-checked against the database (exists, same session version, current
 * role), or null. Works in server components, server actions and route handlers; memoised per
 * request where React allows it. Prefer the guards in ./guards.ts, which throw typed errors.
 */
export const getSessionUser = cache(async (): Promise<PublicUser | null> => {
  // The cookie is decoded directly (expiry checked by the decryption): next-auth's getServerSession
  // would also re-encrypt and re-set it on every call, which proxy.ts already does once a day.
  const token = (await cookies()).get(sessionCookieName())?.value;
  if (!token) return null;
  const claims = await decodeSessionToken(token);
  if (!claims?.sub || typeof claims.sv !== "number") return null;
  return resolveSessionUser({ id: claims.sub, sessionVersion: claims.sv });
});

/**
 * Sets a new session cookie for the user (server actions and route handlers only: server
 * components cannot set cookies). Used after sign-up and after a change that bumped the session
 * version, so this browser stays signed in while the others end.
 */
export async function issueSessionCookie(user: { id: string; role: string; sessionVersion: number }): Promise<void> {
  const cookie = await sessionCookieFor({ sub: user.id, role: user.role, sv: user.sessionVersion });
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
