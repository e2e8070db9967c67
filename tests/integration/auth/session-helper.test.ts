import { describe, expect, test } from "vitest";
import { baseUrl } from "@/tests/support/http";
import {
  CookieJar,
  anonymousClient,
  hasSessionCookie,
  queryHttpDatabase,
  registerAndSignIn,
  uniqueEmail,
  uniqueIp,
} from "@/tests/support/session";

describe("registerAndSignIn (the helper other tests build on)", () => {
  test.each(["student", "instructor", "admin"] as const)("gives a signed-in %s whose /api/me matches", async (role) => {
    const client = await registerAndSignIn(baseUrl, { role });
    expect(hasSessionCookie(client)).toBe(true);
    expect(client.user.role).toBe(role);
    const me = await client.fetch("/api/me");
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual(client.user);
  });

  test("clients are independent: unique emails and IPs, separate cookie jars", async () => {
    const [a, b] = await Promise.all([registerAndSignIn(baseUrl), registerAndSignIn(baseUrl)]);
    expect(a.user.email).not.toBe(b.user.email);
    expect(a.ip).not.toBe(b.ip);
    expect(a.cookie).not.toBe(b.cookie);
    expect((await (await b.fetch("/api/me")).json()).id).toBe(b.user.id);
  });

  test("accepts a chosen email, name and password", async () => {
    const email = uniqueEmail("Chosen");
    const client = await registerAndSignIn(baseUrl, {
      email: email.toUpperCase(),
      name: "Ada Lovelace",
      password: "analytical-engine-1843",
    });
    expect(client.user).toMatchObject({ email, name: "Ada Lovelace", role: "student" });
    expect(client.password).toBe("analytical-engine-1843");
  });

  test("fetch sends JSON bodies and keeps redirects manual", async () => {
    const client = anonymousClient(baseUrl);
    const response = await client.fetch("/api/auth/register", {
      method: "POST",
      json: { email: "not-an-email", password: "x", name: "" },
    });
    expect(response.status).toBe(400);
    const redirect = await client.fetch("/account");
    expect(redirect.status).toBe(307);
  });

  test("queryHttpDatabase reaches the server's database", async () => {
    const client = await registerAndSignIn(baseUrl);
    const rows = await queryHttpDatabase<{ email: string }>(`SELECT email FROM "User" WHERE id = $1`, [client.user.id]);
    expect(rows).toEqual([{ email: client.user.email }]);
  });

  test("uniqueIp gives private addresses", () => {
    expect(uniqueIp()).toMatch(/^10\.\d+\.\d+\.\d+$/);
  });
});

describe("CookieJar", () => {
  const response = (...cookies: string[]) => {
    const headers = new Headers();
    for (const cookie of cookies) headers.append("set-cookie", cookie);
    return new Response(null, { headers });
  };

  test("stores, replaces and deletes cookies from Set-Cookie", () => {
    const jar = new CookieJar();
    jar.update(response("a=1; Path=/; HttpOnly", "b=2; Path=/"));
    expect(jar.header).toBe("a=1; b=2");
    jar.update(response("a=3; Path=/", "b=; Path=/; Max-Age=0"));
    expect(jar.header).toBe("a=3");
    jar.update(response("a=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT"));
    expect(jar.header).toBe("");
  });
});
