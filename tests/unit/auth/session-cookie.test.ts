import { afterEach, beforeEach, describe, expect, test } from "vitest";
import {
  SESSION_MAX_AGE_SECONDS,
  SESSION_RENEW_AFTER_SECONDS,
  decodeSessionToken,
  encodeSessionToken,
  renewedSessionCookie,
  sessionCookieName,
  sessionCookieOptions,
} from "@/lib/auth/session-cookie";
import { decode, encode } from "next-auth/jwt";

const saved = { secret: process.env.NEXTAUTH_SECRET, url: process.env.NEXTAUTH_URL };
beforeEach(() => {
  process.env.NEXTAUTH_SECRET = "unit-test-secret-that-is-long-enough-1234";
  delete process.env.NEXTAUTH_URL;
});
afterEach(() => {
  process.env.NEXTAUTH_SECRET = saved.secret;
  process.env.NEXTAUTH_URL = saved.url;
});

describe("session cookie", () => {
  test("httpOnly and Lax always; Secure with a __Secure- name exactly when the public URL is https", () => {
    expect(sessionCookieName()).toBe("retain.session");
    expect(sessionCookieOptions()).toEqual({ httpOnly: true, sameSite: "lax", path: "/", secure: false });
    process.env.NEXTAUTH_URL = "https://retain.example.edu";
    expect(sessionCookieName()).toBe("__Secure-retain.session");
    expect(sessionCookieOptions().secure).toBe(true);
  });

  test("a token round-trips and expires after 30 days", async () => {
    const token = await encodeSessionToken({ sub: "u1", role: "student", sv: 2 });
    const claims = await decodeSessionToken(token);
    expect(claims).toMatchObject({ sub: "u1", role: "student", sv: 2 });
    expect(Number(claims!.exp) - Number(claims!.iat)).toBe(SESSION_MAX_AGE_SECONDS);
  });

  test("decodes exactly as next-auth's decode does (the key is derived once, the same way)", async () => {
    const secret = process.env.NEXTAUTH_SECRET!;
    const token = await encode({ token: { sub: "user-1", role: "student", sv: 3, sid: "s", sat: 1 }, secret });
    expect(await decodeSessionToken(token)).toEqual(await decode({ token, secret }));
    const expired = await encode({ token: { sub: "user-1" }, secret, maxAge: -60 });
    await expect(decode({ token: expired, secret })).rejects.toThrow();
    expect(await decodeSessionToken(expired)).toBeNull();
    // A second secret gets its own key, not the first one's.
    process.env.NEXTAUTH_SECRET = "another-unit-test-secret-long-enough-5678";
    expect(await decodeSessionToken(token)).toBeNull();
  });

  test("a token made with another secret, or garbage, decodes to null", async () => {
    const token = await encodeSessionToken({ sub: "u1", role: "student", sv: 0 });
    process.env.NEXTAUTH_SECRET = "another-secret-that-is-long-enough-9876";
    expect(await decodeSessionToken(token)).toBeNull();
    expect(await decodeSessionToken("garbage")).toBeNull();
  });

  test("sliding expiry: renewed only once the token is a day old, keeping its claims", async () => {
    const token = await encodeSessionToken({ sub: "u1", role: "instructor", sv: 3 });
    const now = Math.floor(Date.now() / 1000);
    expect(await renewedSessionCookie(token, now + 60)).toBeNull();
    const renewed = await renewedSessionCookie(token, now + SESSION_RENEW_AFTER_SECONDS + 1);
    expect(renewed).not.toBeNull();
    expect(renewed!.name).toBe("retain.session");
    expect(renewed!.options.httpOnly).toBe(true);
    expect(await decodeSessionToken(renewed!.value)).toMatchObject({ sub: "u1", role: "instructor", sv: 3 });
    expect(await renewedSessionCookie("garbage", now + SESSION_RENEW_AFTER_SECONDS + 1)).toBeNull();
  });
});
