/**
 * Scenario 6: what an outside probe of a fresh install found (issue 17), each finding replayed the
 * way the probe sent it. Most run against the shared production server, which believes the tests'
 * X-Forwarded-For because they connect from loopback, as a trusted reverse proxy would
 * (TRUSTED_PROXIES, tests/support/next-server.ts). The findings about who may set forwarded
 * headers need a server exposed directly: this file starts a second `next start` on the same
 * database with no trusted proxies.
 */
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { changePassword, deleteOwnAccount, registerUser } from "@/lib/accounts/users";
import { TooManyRequestsError, ValidationError } from "@/lib/errors";
import { testActor } from "@/tests/support/actors";
import { baseUrl } from "@/tests/support/http";
import { startNextServer } from "@/tests/support/next-server";
import {
  anonymousClient,
  attemptSignIn,
  queryHttpDatabase,
  registerAndSignIn,
  testPassword,
  uniqueEmail,
  uniqueIp,
  type TestClient,
} from "@/tests/support/session";
import { freshKey } from "./matrix";
import { scenario } from "./support/figures";
import { closeHttpPool, createClassIn, createCourseIn, disconnectAll, prismaFor, type TestCourse } from "./support/http-db";

const AREA = "probe";

let exposed: { baseUrl: string; process: ChildProcess };
let instructor: TestClient;
let course: TestCourse;

beforeAll(async () => {
  const server = await startNextServer(inject("httpDatabaseUrl"), { TRUSTED_PROXIES: "" });
  exposed = { baseUrl: server.baseUrl, process: server.process };
  instructor = await registerAndSignIn(baseUrl, { role: "instructor", name: "Probe Teacher" });
  course = await createCourseIn(prismaFor(), { lessons: 1, cardsPerLesson: 1 });
}, 90_000);

afterAll(async () => {
  exposed?.process.kill("SIGTERM");
  await disconnectAll();
  await closeHttpPool();
});

/** Events of one throttle key: cleared before a test that needs a fresh window on a fixed key. */
async function clearThrottle(bucket: string, key: string) {
  await queryHttpDatabase(`DELETE FROM "ThrottleEvent" WHERE bucket = $1 AND key = $2`, [bucket, key]);
}

async function addFailures(bucket: string, key: string, count: number) {
  await queryHttpDatabase(
    `INSERT INTO "ThrottleEvent" (bucket, key, "createdAt") SELECT $1, $2, now() AT TIME ZONE 'UTC' FROM generate_series(1, $3)`,
    [bucket, key, count],
  );
}

/** A CSV as cells, per RFC 4180 (quoted fields may hold commas, quotes and newlines). */
function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index]!;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else cell += character;
    } else if (character === '"') quoted = true;
    else if (character === ",") {
      row.push(cell);
      cell = "";
    } else if (character === "\r" && text[index + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      index += 1;
    } else cell += character;
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
describe("medium", () => {
  test("1. no open redirect after sign-in for signed-in users, whatever dot segments the callback holds", async () => {
    const s = scenario("probe-open-redirect", AREA, "1. Open redirect after sign-in (dot segments in callbackUrl)");
    const user = await registerAndSignIn(baseUrl, { name: "Redirect Victim" });
    const callbacks = ["/.//evil.example/", "/%2e//evil.example/", "/..//evil.example/", "/a/..//evil.example/", "/./\\evil.example"];
    for (const page of ["/signin", "/signup"]) {
      for (const callback of callbacks) {
        const response = await user.fetch(`${page}?callbackUrl=${encodeURIComponent(callback)}`);
        s.add("requests");
        s.add("inputs tried");
        expect(response.status, `${page} ${callback}`).toBe(307);
        const location = response.headers.get("location") ?? "";
        expect(new URL(location, baseUrl).origin, `${page} ${callback} → ${location}`).toBe(new URL(baseUrl).origin);
        expect(location.startsWith("//"), location).toBe(false);
      }
    }
  });

  test("2. a backdated answer cannot hide late work: lateness is judged by when the server received it", async () => {
    const s = scenario("probe-backdated-answers", AREA, "2. Backdated answers and the gradebook's lateness");
    const [honest, backdater] = await Promise.all([
      registerAndSignIn(baseUrl, { name: `Honest ${freshKey().slice(0, 6)}` }),
      registerAndSignIn(baseUrl, { name: `Backdater ${freshKey().slice(0, 6)}` }),
    ]);
    const cls = await createClassIn(prismaFor(), { courseId: course.id, ownerId: instructor.user.id, studentIds: [honest.user.id, backdater.user.id] });
    const lesson = await prismaFor().lesson.findFirstOrThrow({ where: { courseId: course.id }, select: { id: true } });
    const now = Date.now();
    const dueAt = new Date(now - 60 * 60_000);
    await prismaFor().assignment.create({
      data: {
        classId: cls.id,
        title: "Due an hour ago",
        opensAt: new Date(now - 10 * 86_400_000),
        dueAt,
        goal: "learn",
        lessons: { create: [{ lessonId: lesson.id }] },
      },
    });
    const card = course.cards[0]!.id;
    // Both answer today, after the due time; one claims the answer was made offline six days ago.
    const sixDaysAgo = new Date(now - 6 * 86_400_000).toISOString();
    const honestAnswer = await honest.fetch("/api/review", { method: "POST", json: { cardId: card, rating: 4, idempotencyKey: freshKey() } });
    const backdatedAnswer = await backdater.fetch("/api/review", {
      method: "POST",
      json: { cardId: card, rating: 4, idempotencyKey: freshKey(), reviewedAt: sixDaysAgo },
    });
    s.add("requests", 2);
    expect(honestAnswer.status).toBe(200);
    expect(backdatedAnswer.status).toBe(200);

    const csv = await instructor.fetch(`/api/classes/${cls.id}/gradebook.csv`);
    s.add("requests");
    expect(csv.status).toBe(200);
    const rows = parseCsvRows((await csv.text()).replace(/^\uFEFF/, ""));
    const cellOf = (name: string) => rows.find((row) => row[0] === name)?.[2];
    expect(cellOf(honest.user.name)).toBe("100 (late)");
    const backdated = cellOf(backdater.user.name) ?? "";
    s.note(`The backdated answer shows as: ${backdated}`);
    expect(backdated).toMatch(/^100 \(late: answered offline at .+, received at .+\)$/);

    const [log] = await queryHttpDatabase<{ reviewedAt: Date; receivedAt: Date }>(
      `SELECT "reviewedAt", "receivedAt" FROM "ReviewLog" WHERE "userId" = $1`,
      [backdater.user.id],
    );
    // The claimed time is kept (the student's schedule uses it); the receipt time is the server's.
    expect(log!.reviewedAt.toISOString()).toBe(sixDaysAgo);
    expect(log!.receivedAt.getTime()).toBeGreaterThan(dueAt.getTime());
  });

  test("3. nobody can lock an account out: the owner's known device signs in through any number of guesses", async () => {
    const s = scenario("probe-no-lockout", AREA, "3. Account lockout by wrong passwords (device cookies, growing delays)");
    const email = uniqueEmail("owner");
    const password = testPassword();
    const ownerIp = uniqueIp();
    await registerAndSignIn(baseUrl, { email, password, ip: ownerIp, name: "Owner" });
    // The owner's phone signed in before: it holds a device cookie for the account.
    const phone = anonymousClient(baseUrl, ownerIp);
    expect((await attemptSignIn(phone, { email, password })).status).toBe(200);
    s.add("requests", 2);
    const deviceCookie = phone.jar.get("retain.device");
    expect(deviceCookie).toBeTruthy();

    // Guesses from many addresses (unknown devices).
    const statuses: number[] = [];
    const waits: number[] = [];
    for (let guess = 0; guess < 8; guess += 1) {
      const response = await attemptSignIn(anonymousClient(baseUrl, uniqueIp()), { email, password: `guess-${guess}-${freshKey()}` });
      s.add("requests", 2);
      s.add("guesses");
      statuses.push(response.status);
      if (response.status === 429) waits.push(Number(response.headers.get("retry-after")));
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // A short, growing delay for unknown devices, not a 15-minute wall.
    expect(waits.every((wait) => wait > 0 && wait <= 30)).toBe(true);
    await addFailures("signin:account", email, 3);
    const later = await attemptSignIn(anonymousClient(baseUrl, uniqueIp()), { email, password: "another-guess" });
    s.add("requests", 2);
    const grown = Number(later.headers.get("retry-after"));
    s.set("delay after 5 failures, s", Math.max(...waits));
    s.set("delay after 8 failures, s", grown);
    expect(later.status).toBe(429);
    expect(grown).toBeGreaterThan(120);
    expect(grown).toBeLessThanOrEqual(240);

    // A device cookie cannot be forged or borrowed from another account: such a browser is an unknown device.
    const forged = anonymousClient(baseUrl, uniqueIp());
    forged.jar.set("retain.device", `${deviceCookie!.slice(0, -2)}xx`);
    expect((await attemptSignIn(forged, { email, password })).status).toBe(429);
    const borrowed = anonymousClient(baseUrl, uniqueIp());
    const otherAccount = await registerAndSignIn(baseUrl);
    borrowed.jar.set("retain.device", otherAccount.jar.get("retain.device")!);
    expect((await attemptSignIn(borrowed, { email, password })).status).toBe(429);
    s.add("requests", 4);

    // The owner, on the phone that signed in before, signs in at once.
    const again = anonymousClient(baseUrl, ownerIp);
    again.jar.set("retain.device", deviceCookie!);
    const owner = await attemptSignIn(again, { email, password });
    s.add("requests", 2);
    expect(owner.status).toBe(200);

    // A school behind one address: 20 failures from it do not stop a student whose phone signed in before.
    const schoolIp = uniqueIp();
    await addFailures("signin:ip", schoolIp, 20);
    const stranger = await attemptSignIn(anonymousClient(baseUrl, schoolIp), { email: uniqueEmail(), password: "x-guess-123" });
    expect(stranger.status).toBe(429);
    const student = anonymousClient(baseUrl, schoolIp);
    student.jar.set("retain.device", deviceCookie!);
    expect((await attemptSignIn(student, { email, password })).status).toBe(200);
    s.add("requests", 4);

  });

  test("4. X-Forwarded-For from an untrusted peer is ignored: rotating it does not dodge the per-address limit", async () => {
    const s = scenario("probe-forwarded-for", AREA, "4. Per-address limits and a client-chosen X-Forwarded-For");
    // The exposed server has no trusted proxies: every request here comes from the socket 127.0.0.1.
    await clearThrottle("signin:ip", "127.0.0.1");
    let throttledAt = 0;
    for (let attempt = 1; attempt <= 25 && !throttledAt; attempt += 1) {
      const client = anonymousClient(exposed.baseUrl, uniqueIp()); // a new X-Forwarded-For every time
      const response = await attemptSignIn(client, { email: uniqueEmail("spray"), password: "Winter2026!" });
      s.add("requests", 2);
      s.add("guesses");
      if (response.status === 429) throttledAt = attempt;
    }
    await clearThrottle("signin:ip", "127.0.0.1");
    s.set("throttled from guess (direct exposure)", throttledAt);
    expect(throttledAt).toBe(21);

    // Behind a trusted proxy that appends (nginx's $proxy_add_x_forwarded_for): the client chooses the
    // left part, the proxy adds the address it saw; only the latter counts.
    const realAddress = uniqueIp();
    let behindProxyAt = 0;
    for (let attempt = 1; attempt <= 25 && !behindProxyAt; attempt += 1) {
      const client = anonymousClient(baseUrl, `${uniqueIp()}, ${realAddress}`);
      const response = await attemptSignIn(client, { email: uniqueEmail("spray"), password: "Winter2026!" });
      s.add("requests", 2);
      s.add("guesses");
      if (response.status === 429) behindProxyAt = attempt;
    }
    s.set("throttled from guess (appending proxy)", behindProxyAt);
    expect(behindProxyAt).toBe(21);

    // A flood of sign-ins (20 at once, each a new made-up address) while another user reads pages:
    // hashing runs in a small pool, so the figures show sign-in queueing, not the app stalling.
    const reader = await registerAndSignIn(baseUrl);
    const latencies: number[] = [];
    let flooding = true;
    const readLoop = (async () => {
      while (flooding) {
        const started = performance.now();
        await reader.fetch("/api/me");
        latencies.push(performance.now() - started);
      }
    })();
    const flood = await Promise.all(
      Array.from({ length: 20 }, () => attemptSignIn(anonymousClient(baseUrl, uniqueIp()), { email: uniqueEmail("flood"), password: "flood-guess-1" })),
    );
    flooding = false;
    await readLoop;
    latencies.sort((a, b) => a - b);
    s.add("requests", 40 + latencies.length);
    s.set("flood sign-ins", flood.length);
    s.set("other user's reads during the flood", latencies.length);
    s.set("other user's median read during the flood, ms", Math.round(latencies[Math.floor(latencies.length / 2)] ?? 0));
    expect(flood.every((response) => response.status === 401)).toBe(true);
  });

  test("5. current-password checks (change password, delete account) are throttled like sign-in", async () => {
    const s = scenario("probe-current-password", AREA, "5. Guessing the current password through change password / delete account");
    const password = "correct-horse-battery-probe";
    const registered = await registerUser({ email: uniqueEmail("stolen-cookie"), password, name: "Cookie Victim" });
    const actor = testActor(registered);
    const outcomes: string[] = [];
    for (let guess = 0; guess < 6; guess += 1) {
      const attempt = guess % 2
        ? deleteOwnAccount(actor, { password: `wrong-${guess}` })
        : changePassword(actor, { currentPassword: `wrong-${guess}`, newPassword: "a-brand-new-passphrase" });
      const error = await attempt.then(() => null, (caught: unknown) => caught);
      s.add("guesses");
      outcomes.push(error instanceof TooManyRequestsError ? "429" : error instanceof ValidationError ? "400" : String(error));
    }
    expect(outcomes).toEqual(["400", "400", "400", "400", "400", "429"]);
    // The right password is refused too while the delay runs: no guess ever reaches the hash.
    const right = await changePassword(actor, { currentPassword: password, newPassword: "a-brand-new-passphrase" }).then(
      () => null,
      (caught: unknown) => caught,
    );
    s.add("guesses");
    expect(right).toBeInstanceOf(TooManyRequestsError);
    expect((right as TooManyRequestsError).retryAfterSeconds).toBeGreaterThan(0);
    s.set("throttled from guess", outcomes.indexOf("429") + 1);
  });
});

// ---------------------------------------------------------------------------------------------
describe("low", () => {
  test("6. CSV gradebook: every text cell quoted, formulas after ; neutralised, bidi overrides removed", async () => {
    const s = scenario("probe-csv-cells", AREA, "6. CSV cells split on ; and bidi overrides in names");
    const names = [`Bob;=1+2;x ${freshKey().slice(0, 4)}`, `Eve\u202Egnp.exe ${freshKey().slice(0, 4)}`, `Ann,@SUM(A1) ${freshKey().slice(0, 4)}`];
    const students = await Promise.all(names.map((name) => registerAndSignIn(baseUrl, { name })));
    const cls = await createClassIn(prismaFor(), { courseId: course.id, ownerId: instructor.user.id, studentIds: students.map((student) => student.user.id) });
    const response = await instructor.fetch(`/api/classes/${cls.id}/gradebook.csv`);
    s.add("requests", 1 + names.length);
    const text = (await response.text()).replace(/^\uFEFF/, "");
    const lines = text.split("\r\n").filter(Boolean);
    for (const line of lines.slice(1)) {
      // Row layout: "name","email" — both quoted.
      expect(line.startsWith('"'), line).toBe(true);
      s.add("cells checked", 2);
    }
    for (const piece of text.split(/[;,\t|\r\n"]/)) expect(/^[=+\-@]/.test(piece), `a cell piece starts a formula: ${piece}`).toBe(false);
    expect(/[\u202a-\u202e\u2066-\u2069]/.test(text)).toBe(false);
    expect(text).toContain(`Bob;'=1+2;x`);
  });

  test("7. signing out ends the session: a copy of the cookie no longer works", async () => {
    const s = scenario("probe-signout-revokes", AREA, "7. Sign-out ends the session for every copy of the cookie");
    const user = await registerAndSignIn(baseUrl, { name: "Signs Out" });
    const copied = user.jar.get("retain.session")!;
    const other = await attemptSignIn(anonymousClient(baseUrl, user.ip), { email: user.user.email, password: user.password });
    expect(other.status).toBe(200);
    const csrf = (await (await user.fetch("/api/auth/csrf")).json()) as { csrfToken: string };
    const signOut = await user.fetch("/api/auth/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken: csrf.csrfToken, json: "true" }),
    });
    s.add("requests", 4);
    expect(signOut.status).toBeLessThan(400);
    const replay = await fetch(`${baseUrl}/api/me`, { headers: { cookie: `retain.session=${copied}` } });
    const page = await fetch(`${baseUrl}/account`, { headers: { cookie: `retain.session=${copied}` }, redirect: "manual" });
    s.add("requests", 2);
    expect(replay.status).toBe(401);
    expect(page.status).toBe(307);
    // Only that session ended: the same user's other browser is still signed in.
    const otherCookie = other.headers.getSetCookie().find((line) => line.startsWith("retain.session="))!.split(";")[0]!;
    expect((await fetch(`${baseUrl}/api/me`, { headers: { cookie: otherCookie } })).status).toBe(200);
    s.add("requests");
  });

  test("8. answers queued on a device for one account are refused under another account's session", async () => {
    const s = scenario("probe-outbox-owner", AREA, "8. A shared device: one student's outbox sent under another's session");
    const [alice, bob] = await Promise.all([registerAndSignIn(baseUrl, { name: "Alice" }), registerAndSignIn(baseUrl, { name: "Bob" })]);
    const card = course.cards[0]!.id;
    const review = { cardId: card, rating: 3, idempotencyKey: freshKey(), reviewedAt: new Date(Date.now() - 60_000).toISOString() };
    const refused = await bob.fetch("/api/review/sync", {
      method: "POST",
      headers: { "x-retain-outbox-user": alice.user.id },
      json: { reviews: [review] },
    });
    const own = await alice.fetch("/api/review/sync", { method: "POST", headers: { "x-retain-outbox-user": alice.user.id }, json: { reviews: [review] } });
    s.add("requests", 2);
    expect(refused.status).toBe(403);
    expect(own.status).toBe(200);
    const [counts] = await queryHttpDatabase<{ bob: number; alice: number }>(
      `SELECT (SELECT count(*)::int FROM "ReviewLog" WHERE "userId" = $1) AS bob, (SELECT count(*)::int FROM "ReviewLog" WHERE "userId" = $2) AS alice`,
      [bob.user.id, alice.user.id],
    );
    expect(counts).toEqual({ bob: 0, alice: 1 });
    s.note("Saved pages per user and forgotten at sign-out: public/sw.js, exercised in tests/unit/offline/service-worker.test.ts.");
  });

  test("9. time zones Postgres does not know are refused with 400 naming the field", async () => {
    const s = scenario("probe-time-zones", AREA, "9. Time zones that pass Intl but not Postgres");
    const student = await registerAndSignIn(baseUrl);
    for (const timeZone of ["US/Pacific-New", "Canada/East-Saskatchewan"]) {
      const created = await instructor.fetch("/api/classes", {
        method: "POST",
        json: { name: "Zone class", term: "Fall", courseSlug: course.slug, timeZone },
      });
      const settings = await student.fetch(`/api/courses/${course.slug}/settings`, {
        method: "PUT",
        json: { desiredRetention: 0.9, newPerDay: 20, reviewsPerDay: 200, timeZone, dayStartHour: 4 },
      });
      s.add("requests", 2);
      s.add("inputs tried", 2);
      for (const response of [created, settings]) {
        expect(response.status, timeZone).toBe(400);
        expect((await response.json()).error.fields).toHaveProperty("timeZone");
      }
    }
    const fine = await instructor.fetch("/api/classes", {
      method: "POST",
      json: { name: "Zone class", term: "Fall", courseSlug: course.slug, timeZone: "America/Regina" },
    });
    s.add("requests");
    expect(fine.status).toBe(201);
  });

  test("10. dates outside 1970–9999 are refused with 400 naming the field", async () => {
    const s = scenario("probe-date-range", AREA, "10. Year-0000 and far-off assignment dates");
    const cls = await createClassIn(prismaFor(), { courseId: course.id, ownerId: instructor.user.id });
    for (const [field, value] of [
      ["dueAt", "0000-01-01T00:00"],
      ["dueAt", "0000-06-01T12:00:00Z"],
      ["dueAt", "1969-12-31T23:59"],
      ["opensAt", "0001-01-01T00:00"],
    ] as const) {
      const response = await instructor.fetch(`/api/classes/${cls.id}/assignments`, {
        method: "POST",
        json: { lessonKeys: course.lessonKeys, dueAt: "2030-01-01T00:00", [field]: value },
      });
      s.add("requests");
      s.add("inputs tried");
      expect(response.status, `${field} ${value}`).toBe(400);
      expect((await response.json()).error.fields, `${field} ${value}`).toHaveProperty(field);
    }
  });
});

// ---------------------------------------------------------------------------------------------
describe("info", () => {
  test("admin user search: long or NUL queries are handled; % and _ match themselves", async () => {
    const s = scenario("probe-admin-search", AREA, "Admin user search: long, NUL and wildcard queries");
    const admin = await registerAndSignIn(baseUrl, { role: "admin", name: "Probe Admin" });
    const marker = freshKey().slice(0, 8);
    await registerAndSignIn(baseUrl, { name: `pct%${marker}` });
    await registerAndSignIn(baseUrl, { name: `pctX${marker}` });
    for (const query of ["a".repeat(300), "%00", "a%00b"]) {
      const response = await admin.fetch(`/admin/users?q=${query}`);
      s.add("requests");
      expect(response.status, query.slice(0, 20)).toBe(200);
    }
    const literal = await admin.fetch(`/admin/users?q=${encodeURIComponent(`pct%${marker}`)}`);
    const underscore = await admin.fetch(`/admin/users?q=${encodeURIComponent(`pct_${marker}`)}`);
    s.add("requests", 2);
    const html = await literal.text();
    expect(html).toContain(`pct%${marker}`);
    expect(html).not.toContain(`pctX${marker}`);
    expect(await underscore.text()).toContain("No users match.");
  });

  test("unused next-auth endpoints answer clean 4xx JSON", async () => {
    const s = scenario("probe-auth-endpoints", AREA, "next-auth endpoints: GET callback, POST session");
    const client = anonymousClient(baseUrl);
    const callback = await client.fetch("/api/auth/callback/credentials");
    const session = await client.fetch("/api/auth/session", { method: "POST", json: {} });
    const unknown = await client.fetch("/api/auth/nonsense");
    s.add("requests", 3);
    expect(callback.status).toBe(405);
    expect(session.status).toBe(405);
    expect(unknown.status).toBe(404);
    for (const response of [callback, session, unknown]) {
      const body = await response.json();
      expect(body.error.message).not.toContain("[object Object]");
    }
  });

  test("cross-site writes: no-JS form posts to pages get 403; X-Forwarded-Host and the scheme are not trusted", async () => {
    const s = scenario("probe-same-origin", AREA, "Cross-site form posts, X-Forwarded-Host and the scheme");
    const user = await registerAndSignIn(baseUrl);
    const form = new FormData();
    form.set("$ACTION_ID_0000000000000000000000000000000000000000", "");
    const noJs = await user.fetch("/account", { method: "POST", headers: { origin: "https://evil.example" }, body: form });
    s.add("requests");
    expect(noJs.status).toBe(403);

    // On the directly exposed server (no trusted proxies): forwarded headers are the client's own words.
    const exposedOrigin = new URL(exposed.baseUrl);
    const attempts: [string, Record<string, string>][] = [
      ["X-Forwarded-Host naming the attacker", { origin: "http://evil.example", "x-forwarded-host": "evil.example" }],
      ["same host, https instead of http", { origin: `https://${exposedOrigin.host}` }],
      ["same host, https via X-Forwarded-Proto", { origin: `https://${exposedOrigin.host}`, "x-forwarded-proto": "https" }],
    ];
    for (const [what, headers] of attempts) {
      const response = await fetch(`${exposed.baseUrl}/api/classes`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: "{}",
      });
      s.add("requests");
      s.add("forged requests");
      expect(response.status, what).toBe(403);
    }
    // The genuine origin still passes the check (and meets the guards: 401 without a session).
    const genuine = await fetch(`${exposed.baseUrl}/api/classes`, {
      method: "POST",
      headers: { origin: exposedOrigin.origin, "content-type": "application/json" },
      body: "{}",
    });
    s.add("requests");
    expect(genuine.status).toBe(401);
  });

  test("invalid UTF-8 in a JSON body is refused, not replaced with U+FFFD", async () => {
    const s = scenario("probe-invalid-utf8", AREA, "Invalid UTF-8 in JSON bodies");
    const email = uniqueEmail("utf8");
    const body = Buffer.concat([
      Buffer.from(`{"email":"${email}","password":"${testPassword()}","name":"Bad `),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from(`"}`),
    ]);
    const response = await anonymousClient(baseUrl).fetch("/api/auth/register", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    s.add("requests");
    s.add("inputs tried");
    expect(response.status).toBe(400);
    expect(await queryHttpDatabase(`SELECT id FROM "User" WHERE email = $1`, [email])).toEqual([]);
  });

  test("a per-student answer allowance a real student never reaches", async () => {
    const s = scenario("probe-answer-rate", AREA, "Answers per student: a burst far past any real student's");
    const student = await registerAndSignIn(baseUrl);
    const card = course.cards[0]!.id;
    const key = freshKey();
    const reviewedAt = new Date(Date.now() - 60_000).toISOString();
    // Full offline batches (500 answers each; one key, so after the first they are cheap duplicates).
    const batch = { reviews: Array.from({ length: 500 }, () => ({ cardId: card, rating: 3, idempotencyKey: key, reviewedAt })) };
    const statuses: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      const response = await student.fetch("/api/review/sync", { method: "POST", json: batch });
      s.add("requests");
      s.add("answers sent", 500);
      statuses.push(response.status);
      if (response.status === 429) {
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
        break;
      }
    }
    expect(statuses).toEqual([200, 200, 429]);
    const [row] = await queryHttpDatabase<{ logs: number }>(`SELECT count(*)::int AS logs FROM "ReviewLog" WHERE "userId" = $1`, [student.user.id]);
    expect(row!.logs).toBe(1);
    s.set("answers accepted before 429", 1000);
  }, 120_000);
});
