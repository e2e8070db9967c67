import { describe, expect, test, vi } from "vitest";
import { decodeSessionToken, encodeSessionToken } from "@/lib/auth/session-cookie";
import { baseUrl } from "@/tests/support/http";
import { anonymousClient, queryHttpDatabase, registerAndSignIn, signIn } from "@/tests/support/session";

describe("role checks", () => {
  test("anonymous → 401 on signed-in and admin APIs", async () => {
    const client = anonymousClient(baseUrl);
    for (const path of ["/api/me", "/api/me/export", "/api/admin/users"]) {
      const response = await client.fetch(path);
      expect(response.status, path).toBe(401);
      expect(await response.json()).toEqual({ error: { code: "unauthorized", message: "Sign in to continue." } });
    }
  });

  test("student and instructor → 403 on the admin API; admin → 200", async () => {
    const [student, instructor, admin] = await Promise.all([
      registerAndSignIn(baseUrl),
      registerAndSignIn(baseUrl, { role: "instructor" }),
      registerAndSignIn(baseUrl, { role: "admin" }),
    ]);
    expect((await student.fetch("/api/admin/users")).status).toBe(403);
    expect((await instructor.fetch("/api/admin/users")).status).toBe(403);
    const listed = await admin.fetch(`/api/admin/users?q=${encodeURIComponent(student.user.email)}`);
    expect(listed.status).toBe(200);
    const body = await listed.json();
    expect(body.users).toHaveLength(1);
    expect(body.users[0]).toMatchObject(student.user);
    expect(body.users[0]).not.toHaveProperty("passwordHash");
  });

  test("pages: anonymous is sent to sign in with a callbackUrl; a student gets the 403 page", async () => {
    const anonymous = await anonymousClient(baseUrl).fetch("/admin/users?q=x");
    expect(anonymous.status).toBe(307);
    expect(anonymous.headers.get("location")).toBe("/signin?callbackUrl=%2Fadmin%2Fusers%3Fq%3Dx");

    const student = await registerAndSignIn(baseUrl);
    const forbidden = await student.fetch("/admin/users");
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toContain("have access to this page");

    const admin = await registerAndSignIn(baseUrl, { role: "admin" });
    const page = await admin.fetch("/admin/users");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Users and roles");
  });

  test("an admin promotes a user through the API; the user's old session ends and the new one has the role", async () => {
    const [student, admin] = await Promise.all([
      registerAndSignIn(baseUrl),
      registerAndSignIn(baseUrl, { role: "admin" }),
    ]);
    const response = await admin.fetch(`/api/admin/users/${student.user.id}`, {
      method: "PATCH",
      json: { role: "instructor" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ...student.user, role: "instructor" });

    expect((await student.fetch("/api/me")).status).toBe(401);
    const again = await signIn(baseUrl, { email: student.user.email, password: student.password });
    expect((await (await again.fetch("/api/me")).json()).role).toBe("instructor");
  });

  test("PATCH validates the role and answers 404 for an unknown user", async () => {
    const admin = await registerAndSignIn(baseUrl, { role: "admin" });
    const bad = await admin.fetch(`/api/admin/users/${admin.user.id}`, { method: "PATCH", json: { role: "owner" } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.fields.role).toBeDefined();
    expect((await admin.fetch("/api/admin/users/nobody", { method: "PATCH", json: { role: "student" } })).status).toBe(
      404,
    );
    const oddId = await admin.fetch(`/api/admin/users/${encodeURIComponent("a\u0000b")}`, {
      method: "PATCH",
      json: { role: "student" },
    });
    expect(oddId.status).toBe(400);
    expect((await admin.fetch(`/api/admin/users?q=${encodeURIComponent("x\u0000y")}`)).status).toBe(400);
    expect((await admin.fetch(`/api/admin/users?page=abc`)).status).toBe(400);
  });
});

describe("sessions follow the database", () => {
  test("a demoted admin loses admin access on the very next request", async () => {
    const admin = await registerAndSignIn(baseUrl, { role: "admin" });
    expect((await admin.fetch("/api/admin/users")).status).toBe(200);
    // Demoted behind the app's back (no session-version bump): the role is still re-read every time.
    await queryHttpDatabase(`UPDATE "User" SET role = 'student' WHERE id = $1`, [admin.user.id]);
    expect((await admin.fetch("/api/admin/users")).status).toBe(403);
    expect((await (await admin.fetch("/api/me")).json()).role).toBe("student");
  });

  test("a demotion through the app also ends the demoted user's sessions", async () => {
    const [target, admin] = await Promise.all([
      registerAndSignIn(baseUrl, { role: "admin" }),
      registerAndSignIn(baseUrl, { role: "admin" }),
    ]);
    await admin.fetch(`/api/admin/users/${target.user.id}`, { method: "PATCH", json: { role: "student" } });
    expect((await target.fetch("/api/admin/users")).status).toBe(401);
    const again = await signIn(baseUrl, { email: target.user.email, password: target.password });
    expect((await again.fetch("/api/admin/users")).status).toBe(403);
  });

  test("a deleted user's still-valid cookie is rejected", async () => {
    const client = await registerAndSignIn(baseUrl);
    expect((await client.fetch("/api/me")).status).toBe(200);
    await queryHttpDatabase(`DELETE FROM "User" WHERE id = $1`, [client.user.id]);
    expect((await client.fetch("/api/me")).status).toBe(401);
    expect((await client.fetch("/account")).status).toBe(307);
  });

  test("a tampered or foreign cookie is rejected", async () => {
    const client = await registerAndSignIn(baseUrl);
    const forged = anonymousClient(baseUrl);
    forged.jar.set("retain.session", `${client.jar.get("retain.session")!.slice(0, -4)}AAAA`);
    expect((await forged.fetch("/api/me")).status).toBe(401);
  });
});

describe("sliding expiry", () => {
  /** A session cookie for the user as if issued `ageSeconds` ago (next-auth stamps iat from the clock). */
  async function cookieIssuedAgo(user: { id: string; role: string }, ageSeconds: number) {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() - ageSeconds * 1000);
    try {
      return await encodeSessionToken({ sub: user.id, role: user.role, sv: 0 });
    } finally {
      vi.useRealTimers();
    }
  }

  test("a session older than a day is renewed for 30 days on the next page view; a fresh one is left alone", async () => {
    const client = await registerAndSignIn(baseUrl);
    const fresh = await client.fetch("/account");
    expect(fresh.status).toBe(200);
    expect(fresh.headers.getSetCookie().some((line) => line.startsWith("retain.session="))).toBe(false);

    const old = anonymousClient(baseUrl);
    old.jar.set("retain.session", await cookieIssuedAgo(client.user, 2 * 24 * 60 * 60));
    const renewed = await old.fetch("/account");
    expect(renewed.status).toBe(200);
    const line = renewed.headers.getSetCookie().find((cookie) => cookie.startsWith("retain.session="));
    expect(line).toMatch(/HttpOnly/i);
    const claims = await decodeSessionToken(old.jar.get("retain.session")!);
    expect(claims).toMatchObject({ sub: client.user.id, sv: 0 });
    expect(Math.abs(Number(claims!.iat) - Date.now() / 1000)).toBeLessThan(120);
    expect((await old.fetch("/api/me")).status).toBe(200);
  });

  test("a token past its 30 days is refused", async () => {
    const client = await registerAndSignIn(baseUrl);
    const expired = anonymousClient(baseUrl);
    expired.jar.set("retain.session", await cookieIssuedAgo(client.user, 31 * 24 * 60 * 60));
    expect((await expired.fetch("/api/me")).status).toBe(401);
  });
});
