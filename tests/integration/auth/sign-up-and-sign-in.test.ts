import { describe, expect, test } from "vitest";
import { baseUrl } from "@/tests/support/http";
import {
  anonymousClient,
  attemptSignIn,
  hasSessionCookie,
  queryHttpDatabase,
  register,
  registerAndSignIn,
  testPassword,
  uniqueEmail,
} from "@/tests/support/session";

describe("POST /api/auth/register", () => {
  test("creates a student with a normalised email and answers 201 without secrets", async () => {
    const email = uniqueEmail("signup");
    const response = await anonymousClient(baseUrl).fetch("/api/auth/register", {
      method: "POST",
      json: { email: `  ${email.toUpperCase()} `, password: testPassword(), name: " Grace Hopper " },
    });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toEqual({ id: expect.any(String), email, name: "Grace Hopper", role: "student" });
    const [row] = await queryHttpDatabase<{ passwordHash: string }>(`SELECT "passwordHash" FROM "User" WHERE id = $1`, [
      body.id,
    ]);
    expect(row?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  test("409 for an email that is already registered, in any case", async () => {
    const email = uniqueEmail("dup");
    await register(anonymousClient(baseUrl), { email, password: testPassword(), name: "First" });
    const response = await anonymousClient(baseUrl).fetch("/api/auth/register", {
      method: "POST",
      json: { email: email.toUpperCase(), password: testPassword(), name: "Second" },
    });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      error: { code: "conflict", details: { fields: { email: ["is already registered"] } } },
    });
  });

  test("400 naming every bad field: short, common, or too long passwords; bad email; empty name", async () => {
    const client = anonymousClient(baseUrl);
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ email: uniqueEmail(), password: "short", name: "A" }, "password", /at least 8/],
      [{ email: uniqueEmail(), password: "password123", name: "A" }, "password", /most common/],
      [{ email: uniqueEmail(), password: "Sunshine1", name: "A" }, "password", /most common/],
      [{ email: uniqueEmail(), password: "x".repeat(257), name: "A" }, "password", /at most 256/],
      [{ email: "nope", password: testPassword(), name: "A" }, "email", /valid email/],
      [{ email: uniqueEmail(), password: testPassword(), name: "   " }, "name", /required/],
    ];
    for (const [input, field, message] of cases) {
      const response = await client.fetch("/api/auth/register", { method: "POST", json: input });
      expect(response.status, JSON.stringify(input)).toBe(400);
      const body = await response.json();
      expect(body.error.code).toBe("invalid_input");
      expect(body.error.fields[field]?.[0]).toMatch(message);
    }
  });

  test("control characters (NUL included) are a 400, never a database error", async () => {
    const client = anonymousClient(baseUrl);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ email: uniqueEmail(), password: testPassword(), name: "Nul\u0000Name" }, "name"],
      [{ email: `nul\u0000${uniqueEmail()}`, password: testPassword(), name: "N" }, "email"],
      [{ email: uniqueEmail(), password: testPassword(), name: 42 }, "name"],
    ];
    for (const [input, field] of cases) {
      const response = await client.fetch("/api/auth/register", { method: "POST", json: input });
      expect(response.status, JSON.stringify(input)).toBe(400);
      expect((await response.json()).error.fields[field]).toBeDefined();
    }
  });

  test("a 256-character password is accepted", async () => {
    const response = await anonymousClient(baseUrl).fetch("/api/auth/register", {
      method: "POST",
      json: { email: uniqueEmail(), password: "y".repeat(256), name: "Long" },
    });
    expect(response.status).toBe(201);
  });

  test("415 for a body that is not JSON, 403 for a cross-site Origin", async () => {
    const client = anonymousClient(baseUrl);
    expect((await client.fetch("/api/auth/register", { method: "POST", body: "email=a" })).status).toBe(415);
    const crossSite = await client.fetch("/api/auth/register", {
      method: "POST",
      headers: { origin: "https://evil.example" },
      json: { email: uniqueEmail(), password: testPassword(), name: "X" },
    });
    expect(crossSite.status).toBe(403);
  });
});

describe("sign-in through next-auth (csrf + credentials callback)", () => {
  test("the right password sets an httpOnly, SameSite=Lax session cookie and /api/me answers", async () => {
    const email = uniqueEmail("signin");
    const password = testPassword();
    await register(anonymousClient(baseUrl), { email, password, name: "Signer" });
    const client = anonymousClient(baseUrl);
    const response = await attemptSignIn(client, { email: email.toUpperCase(), password });
    expect(response.status).toBe(200);
    expect((await response.json()).url).toMatch(new RegExp(`^${baseUrl}/?$`));
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith("retain.session="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i); // NEXTAUTH_URL is http in tests
    expect(cookie).toMatch(/Expires=/i);
    const me = await client.fetch("/api/me");
    expect(await me.json()).toMatchObject({ email, name: "Signer", role: "student" });
  });

  test("a wrong password and an unknown email get the same 401 JSON and no session", async () => {
    const email = uniqueEmail("wrongpw");
    await register(anonymousClient(baseUrl), { email, password: testPassword(), name: "W" });

    const wrong = anonymousClient(baseUrl);
    const wrongResponse = await attemptSignIn(wrong, { email, password: "not-the-password" });
    const unknown = anonymousClient(baseUrl);
    const unknownResponse = await attemptSignIn(unknown, {
      email: uniqueEmail("nobody"),
      password: "not-the-password",
    });

    for (const [client, response] of [
      [wrong, wrongResponse],
      [unknown, unknownResponse],
    ] as const) {
      expect(response.status).toBe(401);
      expect(response.headers.get("content-type")).toMatch(/application\/json/);
      const body = await response.json();
      expect(body.error).toEqual({ code: "invalid_credentials", message: "Email or password is incorrect." });
      expect(body.url).toContain("error=CredentialsSignin");
      expect(hasSessionCookie(client)).toBe(false);
      expect((await client.fetch("/api/me")).status).toBe(401);
    }
  });

  test("an unknown email takes about as long as a wrong password (both verify one hash)", async () => {
    const email = uniqueEmail("timing");
    await register(anonymousClient(baseUrl), { email, password: testPassword(), name: "T" });
    const time = async (address: string) => {
      const client = anonymousClient(baseUrl);
      const csrf = await client.fetch("/api/auth/csrf");
      const { csrfToken } = await csrf.json();
      const started = performance.now();
      await client.fetch("/api/auth/callback/credentials", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrfToken, email: address, password: "not-the-password", json: "true" }),
      });
      return performance.now() - started;
    };
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const known: number[] = [];
    const unknown: number[] = [];
    // Interleaved, so load on a shared test machine hits both sides alike. At most 4 failures for the one account.
    for (let round = 0; round < 4; round++) {
      known.push(await time(email));
      unknown.push(await time(uniqueEmail()));
    }
    // The hash costs ~50 ms; without the dummy hash an unknown email would answer in a few ms.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.4);
  });

  test("a malformed email (even with a NUL byte) is a plain 401", async () => {
    for (const email of ["not-an-email", "nul\u0000@example.test", ""]) {
      const response = await attemptSignIn(anonymousClient(baseUrl), { email, password: "whatever-it-is" });
      expect(response.status, JSON.stringify(email)).toBe(401);
    }
  });

  test("403 JSON without a CSRF token", async () => {
    const client = anonymousClient(baseUrl);
    const response = await client.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: uniqueEmail(), password: "whatever-it-is", json: "true" }),
    });
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("csrf");
  });

  test("GET /api/auth/session reports the session next-auth sees", async () => {
    const client = await registerAndSignIn(baseUrl);
    const session = await (await client.fetch("/api/auth/session")).json();
    expect(session.user).toEqual({ id: client.user.id, role: "student", sessionVersion: 0 });
  });
});

describe("sign-out", () => {
  test("next-auth's sign-out clears the session cookie; the client is then anonymous", async () => {
    const client = await registerAndSignIn(baseUrl);
    const { csrfToken } = await (await client.fetch("/api/auth/csrf")).json();
    const response = await client.fetch("/api/auth/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, json: "true" }),
    });
    expect(response.status).toBe(200);
    expect(hasSessionCookie(client)).toBe(false);
    expect((await client.fetch("/api/me")).status).toBe(401);
  });

  test("bumping the session version (sign out everywhere) rejects a cookie still held elsewhere", async () => {
    const client = await registerAndSignIn(baseUrl);
    await queryHttpDatabase(`UPDATE "User" SET "sessionVersion" = "sessionVersion" + 1 WHERE id = $1`, [
      client.user.id,
    ]);
    expect((await client.fetch("/api/me")).status).toBe(401);
  });
});
