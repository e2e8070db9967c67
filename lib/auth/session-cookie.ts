/**
 * The session cookie: one encrypted JWT (next-auth's format) holding the user id, role at sign-in and
 * session version. Shared by next-auth's options, the proxy (sliding renewal) and the server actions
 * that must re-issue it (sign-up, password change). No `server-only` import: the proxy loads this.
 */
import { hkdfSync } from "node:crypto";
import { jwtDecrypt } from "jose";
import { encode, type JWT } from "next-auth/jwt";

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
/** A session used at least this long after its cookie was issued gets a fresh 30 days. */
export const SESSION_RENEW_AFTER_SECONDS = 24 * 60 * 60;

/**
 * The claims Retain puts in the token (next-auth adds iat, exp and jti). `sid` names this session
 * (one sign-in on one browser): it survives renewals, and signing out revokes it server-side
 * (lib/auth/session.ts). `sat` is when that sign-in happened, in epoch seconds.
 */
export type SessionClaims = { sub: string; role: string; sv: number; sid: string; sat: number };

/** A new session's own claims: a random id and the time of signing in. */
export function newSessionIdentity(nowSeconds = Math.floor(Date.now() / 1000)): Pick<SessionClaims, "sid" | "sat"> {
  return { sid: crypto.randomUUID(), sat: nowSeconds };
}

/** Secure cookies exactly when the public URL is https (a local http install would otherwise lose them). */
export function usesSecureCookies(): boolean {
  return process.env.NEXTAUTH_URL?.startsWith("https://") ?? false;
}

export function sessionCookieName(): string {
  return usesSecureCookies() ? "__Secure-retain.session" : "retain.session";
}

export function sessionCookieOptions() {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", secure: usesSecureCookies() };
}

function secret(): string {
  const value = process.env.NEXTAUTH_SECRET;
  if (!value) throw new Error("NEXTAUTH_SECRET is not set");
  return value;
}

/** Without `sid`/`sat` the token starts a new session (sign-up, scripts and tests). */
export async function encodeSessionToken(
  claims: Omit<SessionClaims, "sid" | "sat"> & Partial<Pick<SessionClaims, "sid" | "sat">>,
): Promise<string> {
  const token = { ...newSessionIdentity(), ...claims };
  return encode({ token: token as JWT, secret: secret(), maxAge: SESSION_MAX_AGE_SECONDS });
}

/**
 * next-auth's encryption key for a secret: HKDF-SHA256 of the secret, no salt, its fixed info string,
 * 32 bytes (next-auth/jwt `getDerivedEncryptionKey`). Derived once per secret and process, not once
 * per request as next-auth's `decode` does: the derivation was the costliest part of reading a
 * session on every request (docs/PERFORMANCE.md, "Where an answer's time goes").
 */
const derivedKeys = new Map<string, Uint8Array>();
function encryptionKey(value: string): Uint8Array {
  let key = derivedKeys.get(value);
  if (!key) {
    key = new Uint8Array(hkdfSync("sha256", value, "", "NextAuth.js Generated Encryption Key", 32));
    derivedKeys.set(value, key);
  }
  return key;
}

/** next-auth's `decode` (the same jose call and clock tolerance) with the key derived once. */
export async function decodeSessionToken(token: string): Promise<(JWT & Partial<SessionClaims>) | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtDecrypt(token, encryptionKey(secret()), { clockTolerance: 15 });
    return payload as JWT & Partial<SessionClaims>;
  } catch {
    return null;
  }
}

/** The Set-Cookie pieces for a freshly encoded token. */
export async function sessionCookieFor(claims: Parameters<typeof encodeSessionToken>[0]) {
  return {
    name: sessionCookieName(),
    value: await encodeSessionToken(claims),
    options: { ...sessionCookieOptions(), expires: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000) },
  };
}

/**
 * Sliding expiry: a token older than a day is re-encoded with a new 30-day lifetime; null when it
 * needs no renewal or cannot be read (the guards reject unreadable tokens anyway).
 */
export async function renewedSessionCookie(token: string, nowSeconds = Math.floor(Date.now() / 1000)) {
  const claims = await decodeSessionToken(token);
  if (!claims?.sub || typeof claims.sv !== "number" || typeof claims.role !== "string") return null;
  if (typeof claims.sid !== "string" || typeof claims.sat !== "number") return null;
  const issuedAt = typeof claims.iat === "number" ? claims.iat : 0;
  if (nowSeconds - issuedAt < SESSION_RENEW_AFTER_SECONDS) return null;
  return sessionCookieFor({ sub: claims.sub, role: claims.role, sv: claims.sv, sid: claims.sid, sat: claims.sat });
}
