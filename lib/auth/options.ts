import "server-only";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { verifyCredentials } from "./credentials";
import {
  SESSION_MAX_AGE_SECONDS,
  SESSION_RENEW_AFTER_SECONDS,
  sessionCookieName,
  sessionCookieOptions,
  usesSecureCookies,
} from "./session-cookie";

/**
 * next-auth with email + password and JWT sessions. The token carries only the user id, the role at
 * sign-in and the session version; the guards (lib/auth/guards.ts) re-read the user on every request,
 * so the token's role is never trusted. Throttling wraps the credentials callback in the route
 * (lib/auth/sign-in-route.ts), where it can answer 429.
 */
export const authOptions: AuthOptions = {
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: SESSION_RENEW_AFTER_SECONDS },
  jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
  useSecureCookies: usesSecureCookies(),
  cookies: { sessionToken: { name: sessionCookieName(), options: sessionCookieOptions() } },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      authorize: (credentials) => verifyCredentials(credentials),
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (!user) return token;
      // Only what the guards need: no name, email or picture in the cookie.
      return { sub: user.id, role: user.role, sv: user.sessionVersion };
    },
    session({ session, token }) {
      return {
        expires: session.expires,
        user: { id: token.sub ?? "", role: token.role ?? "", sessionVersion: token.sv ?? -1 },
      };
    },
  },
};
