import { describe, expect, test } from "vitest";
import { baseUrl } from "@/tests/support/http";
import {
  anonymousClient,
  attemptSignIn,
  hasSessionCookie,
  queryHttpDatabase,
  register,
  testPassword,
  uniqueEmail,
  uniqueIp,
} from "@/tests/support/session";

/** Moves a (bucket, key)'s events back in time, as if the window had passed. */
async function age(bucket: string, key: string, minutes: number) {
  await queryHttpDatabase(
    `UPDATE "ThrottleEvent" SET "createdAt" = "createdAt" - make_interval(mins => $3) WHERE bucket = $1 AND key = $2`,
    [bucket, key, minutes],
  );
}

async function countEvents(bucket: string, key: string): Promise<number> {
  const [row] = await queryHttpDatabase<{ count: number }>(
    `SELECT count(*)::int AS count FROM "ThrottleEvent" WHERE bucket = $1 AND key = $2`,
    [bucket, key],
  );
  return row?.count ?? 0;
}

async function fillWindow(bucket: string, key: string, events: number) {
  await queryHttpDatabase(
    `INSERT INTO "ThrottleEvent" (bucket, key, "createdAt") SELECT $1, $2, now() AT TIME ZONE 'UTC' FROM generate_series(1, $3)`,
    [bucket, key, events],
  );
}

describe("sign-in throttling", () => {
  test("5 failures for one account (from any IPs) → 429 with Retry-After for unknown devices, even with the right password; fine after the delay", async () => {
    const email = uniqueEmail("locked");
    const password = testPassword();
    await register(anonymousClient(baseUrl), { email, password, name: "L" });

    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await attemptSignIn(anonymousClient(baseUrl), { email, password: `wrong-${attempt}-password` });
      expect(response.status).toBe(401);
    }
    const blocked = anonymousClient(baseUrl);
    const response = await attemptSignIn(blocked, { email, password });
    expect(response.status).toBe(429);
    // A growing delay (30 s after the fifth failure, doubling with each further one), not a 15-minute wall.
    const retryAfter = Number(response.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(await response.json()).toMatchObject({ error: { code: "too_many_requests" } });
    expect(hasSessionCookie(blocked)).toBe(false);

    await age("signin:account", email, 16);
    const later = anonymousClient(baseUrl);
    expect((await attemptSignIn(later, { email, password })).status).toBe(200);
    expect(hasSessionCookie(later)).toBe(true);
  });

  test("the account limit counts the normalised email, so changing its case does not help", async () => {
    const email = uniqueEmail("case");
    await register(anonymousClient(baseUrl), { email, password: testPassword(), name: "C" });
    for (let attempt = 0; attempt < 5; attempt++) {
      const variant = attempt % 2 ? email.toUpperCase() : ` ${email} `;
      await attemptSignIn(anonymousClient(baseUrl), { email: variant, password: "wrong-password-here" });
    }
    expect((await attemptSignIn(anonymousClient(baseUrl), { email, password: "wrong-password-here" })).status).toBe(
      429,
    );
  });

  test("a successful sign-in clears the account's failures and does not count itself", async () => {
    const email = uniqueEmail("recover");
    const password = testPassword();
    const ip = uniqueIp();
    await register(anonymousClient(baseUrl), { email, password, name: "R" });
    for (let attempt = 0; attempt < 4; attempt++) {
      await attemptSignIn(anonymousClient(baseUrl, ip), { email, password: "wrong-password-here" });
    }
    expect(await countEvents("signin:account", email)).toBe(4);
    expect((await attemptSignIn(anonymousClient(baseUrl, ip), { email, password })).status).toBe(200);
    expect(await countEvents("signin:account", email)).toBe(0);
    expect(await countEvents("signin:ip", ip)).toBe(4);
  });

  test("20 failures from one IP → 429 for any account from that IP, other IPs unaffected", async () => {
    const ip = uniqueIp();
    const email = uniqueEmail("victim");
    const password = testPassword();
    await register(anonymousClient(baseUrl), { email, password, name: "V" });

    await fillWindow("signin:ip", ip, 19);
    expect(
      (await attemptSignIn(anonymousClient(baseUrl, ip), { email: uniqueEmail(), password: "guess-number-20" })).status,
    ).toBe(401);
    const blocked = await attemptSignIn(anonymousClient(baseUrl, ip), { email, password });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);

    expect((await attemptSignIn(anonymousClient(baseUrl, uniqueIp()), { email, password })).status).toBe(200);

    await age("signin:ip", ip, 16);
    expect((await attemptSignIn(anonymousClient(baseUrl, ip), { email, password })).status).toBe(200);
  });

  test("parallel guesses cannot overshoot the account limit", async () => {
    const email = uniqueEmail("burst");
    await register(anonymousClient(baseUrl), { email, password: testPassword(), name: "B" });
    // One attacker with an address of its own: the other tests' sign-ins from the default address
    // must not fill the per-IP window first (20 per 15 minutes, more than these 12).
    const ip = uniqueIp();
    const responses = await Promise.all(
      Array.from({ length: 12 }, () => attemptSignIn(anonymousClient(baseUrl, ip), { email, password: "parallel-guess" })),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(7);
  });
});

describe("sign-up throttling", () => {
  test("a full hour window for the IP → 429; another IP can still sign up", async () => {
    const ip = uniqueIp();
    await fillWindow("signup:ip", ip, 60);
    const blocked = await anonymousClient(baseUrl, ip).fetch("/api/auth/register", {
      method: "POST",
      json: { email: uniqueEmail(), password: testPassword(), name: "Blocked" },
    });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(59 * 60);

    await register(anonymousClient(baseUrl), { email: uniqueEmail(), password: testPassword(), name: "Other IP" });

    await age("signup:ip", ip, 61);
    await register(anonymousClient(baseUrl, ip), { email: uniqueEmail(), password: testPassword(), name: "Later" });
  });

  test("invalid input is refused before it costs an attempt", async () => {
    const ip = uniqueIp();
    await anonymousClient(baseUrl, ip).fetch("/api/auth/register", {
      method: "POST",
      json: { email: "bad", password: "x", name: "" },
    });
    expect(await countEvents("signup:ip", ip)).toBe(0);
  });
});
