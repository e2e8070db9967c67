/**
 * Session cookies for seeded users, minted the way sign-in makes them: next-auth's `encode` with the
 * server's NEXTAUTH_SECRET and exactly the claims lib/auth/options.ts puts in the token (user id,
 * role, session version). The guards still re-read the user and session version on every request.
 */
import { encodeSessionToken, sessionCookieName } from "@/lib/auth/session-cookie";

export async function sessionCookie(user: { id: string; role?: string; sessionVersion?: number }): Promise<string> {
  const token = await encodeSessionToken({ sub: user.id, role: user.role ?? "student", sv: user.sessionVersion ?? 0 });
  return `${sessionCookieName()}=${token}`;
}

export async function sessionCookies(users: readonly { id: string }[]): Promise<string[]> {
  return Promise.all(users.map((user) => sessionCookie(user)));
}
