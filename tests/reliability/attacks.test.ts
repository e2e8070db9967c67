/**
 * Scenario 5, attacks, against the production server: sign-in brute force, forged / expired /
 * tampered session tokens, cross-site request forgery, stored HTML/script in names, class names and
 * card text, formula injection in the CSV gradebook, and the security headers on every kind of
 * response.
 */
import fc from "fast-check";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { renderMarkdown } from "@/lib/content/markdown";
import { TEST_AUTH_SECRET } from "@/tests/support/constants";
import { baseUrl } from "@/tests/support/http";
import {
  anonymousClient,
  attemptSignIn,
  queryHttpDatabase,
  registerAndSignIn,
  uniqueIp,
  type TestClient,
} from "@/tests/support/session";
import { defectTest } from "./support/defect-test";
import { API_MATRIX, PAGE_MATRIX, freshKey, type MatrixContext } from "./matrix";
import { scenario, type Scenario } from "./support/figures";
import {
  closeHttpPool,
  createClassIn,
  createCourseIn,
  disconnectAll,
  prismaFor,
  type TestCourse,
} from "./support/http-db";

const COOKIE = "retain.session";
const XSS = `<script>alert("xss")</script><img src=x onerror=alert(1)>`;

let student: TestClient;
let instructor: TestClient;
let admin: TestClient;
let course: TestCourse;
let classId: string;

beforeAll(async () => {
  [student, instructor, admin] = await Promise.all([
    registerAndSignIn(baseUrl, { name: `Mallory ${XSS}` }),
    registerAndSignIn(baseUrl, { role: "instructor", name: `Teacher ${XSS}` }),
    registerAndSignIn(baseUrl, { role: "admin", name: "Attack Admin" }),
  ]);
  course = await createCourseIn(prismaFor(), {
    lessons: 1,
    cardsPerLesson: 3,
    text: { title: `Course ${XSS}`, prompt: (key) => `Prompt ${key} ${XSS}`, answer: () => `Answer ${XSS}` },
  });
  classId = (
    await createClassIn(prismaFor(), {
      courseId: course.id,
      ownerId: instructor.user.id,
      studentIds: [student.user.id],
      name: `Class ${XSS}`,
    })
  ).id;
});

afterAll(async () => {
  await disconnectAll();
  await closeHttpPool();
});

// ---------------------------------------------------------------------------------------------
describe("sign-in brute force", () => {
  test("five wrong passwords for one account, then 429 with Retry-After, even for the right password", async () => {
    const s = scenario("attack-bruteforce-account", "attacks", "Sign-in brute force on one account");
    const victim = await registerAndSignIn(baseUrl, { name: "Victim" });
    const attacker = anonymousClient(baseUrl, uniqueIp());
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const response = await attemptSignIn(attacker, {
        email: victim.user.email,
        password: `wrong-${attempt}-${freshKey()}`,
      });
      s.add("requests", 2);
      s.add("guesses");
      statuses.push(response.status);
      if (response.status === 429) {
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
        const body = await response.json();
        expect(body.error.message).toMatch(/too many/i);
      }
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    s.set("throttled from guess", statuses.indexOf(429) + 1);
    // From another address too (the per-account limit), and with the right password: no hash is even tried.
    const right = await attemptSignIn(anonymousClient(baseUrl, uniqueIp()), {
      email: victim.user.email,
      password: victim.password,
    });
    s.add("requests", 2);
    expect(right.status).toBe(429);
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  test("one address guessing across many accounts is throttled too", async () => {
    const s = scenario("attack-bruteforce-ip", "attacks", "Sign-in password spraying from one address");
    const attacker = anonymousClient(baseUrl, uniqueIp());
    let throttledAt = 0;
    for (let attempt = 1; attempt <= 25; attempt += 1) {
      const response = await attemptSignIn(attacker, {
        email: `spray-${attempt}-${freshKey().slice(0, 6)}@example.test`,
        password: "Winter2026!",
      });
      s.add("requests", 2);
      s.add("guesses");
      if (response.status === 429) {
        throttledAt = attempt;
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
        break;
      }
      expect(response.status).toBe(401);
    }
    s.set("throttled from guess", throttledAt);
    expect(throttledAt).toBe(21);
  });
});

// ---------------------------------------------------------------------------------------------
describe("session tokens", () => {
  test("forged, expired, tampered, stale and role-inflated tokens are all refused", async () => {
    const s = scenario("attack-tokens", "attacks", "Forged, expired, tampered and stale session tokens");
    const victim = await registerAndSignIn(baseUrl, { name: "Token Victim" });
    const [{ sessionVersion } = { sessionVersion: 0 }] = await queryHttpDatabase<{ sessionVersion: number }>(
      `SELECT "sessionVersion" FROM "User" WHERE id = $1`,
      [victim.user.id],
    );
    // A session id and sign-in time as Retain's own tokens carry (lib/auth/session-cookie.ts).
    const claims = { sub: victim.user.id, role: "student", sv: sessionVersion, sid: crypto.randomUUID(), sat: Math.floor(Date.now() / 1000) };
    const genuine = victim.cookie.match(/retain\.session=([^;]+)/)![1]!;
    const flip = (token: string, at: number) =>
      token.slice(0, at) + (token[at] === "A" ? "B" : "A") + token.slice(at + 1);
    const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const deleted = await registerAndSignIn(baseUrl, { name: "Deleted" });
    const deletedToken = deleted.cookie.match(/retain\.session=([^;]+)/)![1]!;
    await queryHttpDatabase(`DELETE FROM "User" WHERE id = $1`, [deleted.user.id]);

    const forged: Record<string, string> = {
      "wrong secret": await encode({
        token: claims,
        secret: "another-secret-that-is-also-long-enough-for-this",
        maxAge: 3600,
      }),
      expired: await encode({ token: claims, secret: TEST_AUTH_SECRET, maxAge: -60 }),
      "flipped byte in the header": flip(genuine, 5),
      "flipped byte in the ciphertext": flip(genuine, Math.floor(genuine.length / 2)),
      "flipped byte in the tag": flip(genuine, genuine.length - 3),
      truncated: genuine.slice(0, -10),
      "alg none JWT": `${base64url({ alg: "none", typ: "JWT" })}.${base64url({ ...claims, exp: Math.floor(Date.now() / 1000) + 3600 })}.`,
      "older session version": await encode({
        token: { ...claims, sv: sessionVersion - 1 },
        secret: TEST_AUTH_SECRET,
        maxAge: 3600,
      }),
      "deleted user": deletedToken,
      "unknown user id": await encode({
        token: { ...claims, sub: "no-such-user" },
        secret: TEST_AUTH_SECRET,
        maxAge: 3600,
      }),
      garbage: "not-a-token",
    };
    for (const [what, token] of Object.entries(forged)) {
      const headers = { cookie: `${COOKIE}=${token}` };
      const me = await fetch(`${baseUrl}/api/me`, { headers });
      const page = await fetch(`${baseUrl}/account`, { headers, redirect: "manual" });
      s.add("requests", 2);
      s.add("tokens tried");
      expect(me.status, `${what}: /api/me`).toBe(401);
      expect(page.status, `${what}: /account`).toBe(307);
      expect(page.headers.get("location"), what).toMatch(/^\/signin\?callbackUrl=/);
    }
    // A valid token whose role claim says admin: the role is read from the database, not the token.
    const inflated = await encode({ token: { ...claims, role: "admin" }, secret: TEST_AUTH_SECRET, maxAge: 3600 });
    const adminApi = await fetch(`${baseUrl}/api/admin/users`, { headers: { cookie: `${COOKIE}=${inflated}` } });
    s.add("requests");
    expect(adminApi.status).toBe(403);
    expect(
      (await (await fetch(`${baseUrl}/api/me`, { headers: { cookie: `${COOKIE}=${inflated}` } })).json()).role,
    ).toBe("student");
    // The genuine one still works, and is HttpOnly and SameSite=Lax.
    expect((await fetch(`${baseUrl}/api/me`, { headers: { cookie: `${COOKIE}=${genuine}` } })).status).toBe(200);
    const signIn = await attemptSignIn(anonymousClient(baseUrl), {
      email: victim.user.email,
      password: victim.password,
    });
    const setCookie = signIn.headers.getSetCookie().find((line) => line.startsWith(`${COOKIE}=`))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
  });
});

// ---------------------------------------------------------------------------------------------
describe("cross-site request forgery", () => {
  test("every state-changing route refuses a request from another site's page (403, nothing written)", async () => {
    const s = scenario("attack-csrf", "attacks", "Cross-site requests to every state-changing route");
    const victim = await registerAndSignIn(baseUrl, { role: "admin", name: "CSRF Victim" });
    const ctx = { course, key: freshKey } as unknown as MatrixContext;
    const writes = API_MATRIX.filter((row) => row.method !== "GET");
    const seen = new Set<string>();
    const failures: string[] = [];
    const before = await queryHttpDatabase<{ n: string }>(
      `SELECT (SELECT count(*) FROM "ReviewLog" WHERE "userId" = $1) || ':' || (SELECT count(*) FROM "CardState" WHERE "userId" = $1) || ':' ||
              (SELECT count(*) FROM "Class" WHERE "createdById" = $1) || ':' || (SELECT "updatedAt"::text FROM "User" WHERE id = $1) AS n`,
      [victim.user.id],
    );
    for (const row of writes) {
      if (seen.has(`${row.method} ${row.route}`)) continue;
      seen.add(`${row.method} ${row.route}`);
      let path: string;
      try {
        path = row.path(
          {
            ...ctx,
            classId: "c1",
            otherClassId: "c2",
            assignmentId: "a1",
            otherAssignmentId: "a2",
            users: fakeUsers,
            spareInstructor: fakeUsers.admin,
            otherCourse: course,
          } as MatrixContext,
          "admin",
        );
      } catch {
        continue;
      }
      for (const origin of ["https://evil.example", "null", "http://127.0.0.1.evil.example"]) {
        const response = await victim.fetch(path, {
          method: row.method,
          headers: { origin, "content-type": "application/json", "sec-fetch-site": "cross-site" },
          body: JSON.stringify({}),
        });
        s.add("requests");
        s.add("forged requests");
        if (response.status !== 403) failures.push(`${row.method} ${path} from ${origin}: ${response.status}`);
      }
    }
    // Form posts (the classic CSRF) to the sign-in callback are refused as well.
    const form = await victim.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: victim.user.email, password: victim.password }),
    });
    s.add("requests");
    if (form.status !== 403) failures.push(`sign-in form from another site: ${form.status}`);
    // And a server action posted from another site does nothing.
    const action = await victim.fetch("/account", {
      method: "POST",
      headers: {
        origin: "https://evil.example",
        "next-action": "0".repeat(42),
        "content-type": "text/plain;charset=UTF-8",
      },
      body: "[]",
    });
    s.add("requests");
    s.note(`A server-action POST from another site answers ${action.status}.`);
    if (action.status !== 403) failures.push(`server action from another site: ${action.status}`);
    const after = await queryHttpDatabase<{ n: string }>(
      `SELECT (SELECT count(*) FROM "ReviewLog" WHERE "userId" = $1) || ':' || (SELECT count(*) FROM "CardState" WHERE "userId" = $1) || ':' ||
              (SELECT count(*) FROM "Class" WHERE "createdById" = $1) || ':' || (SELECT "updatedAt"::text FROM "User" WHERE id = $1) AS n`,
      [victim.user.id],
    );
    s.set("state-changing routes", seen.size);
    expect(failures).toEqual([]);
    expect(after).toEqual(before);
  });
});

const fakeUsers = Object.fromEntries(
  ["studentA", "studentB", "instructor", "otherInstructor", "admin"].map((name) => [
    name,
    { id: `fake-${name}`, email: `${name}@example.test`, name },
  ]),
) as MatrixContext["users"];

// ---------------------------------------------------------------------------------------------
describe("stored markup", () => {
  function expectEscaped(html: string, where: string, s: Scenario, shown: boolean) {
    s.add("pages rendered");
    expect(html, `${where}: raw <script> from user text`).not.toContain(`<script>alert("xss")`);
    expect(html, `${where}: raw onerror attribute`).not.toContain("<img src=x onerror");
    if (shown) expect(html, `${where}: the text is shown, escaped`).toMatch(/&lt;script&gt;alert\(&quot;xss&quot;\)/);
  }

  test("names, class names and card text containing HTML are rendered as text", async () => {
    const s = scenario("attack-xss", "attacks", "HTML/script in names, class names and card text is shown as text");
    // [who, page, whether the page shows the hostile text (the others must merely not run it)]
    const pages: [TestClient, string, boolean][] = [
      [student, "/account", true],
      [student, "/dashboard", false],
      [student, `/courses/${course.slug}`, true],
      [student, `/courses/${course.slug}/review`, false],
      [admin, `/admin/users?q=${encodeURIComponent(student.user.email)}`, true],
      [instructor, "/teach", true],
      [instructor, `/teach/classes/${classId}`, true],
      [instructor, `/teach/classes/${classId}/settings`, false],
      [instructor, `/teach/classes/${classId}/cards/${course.cards[0]!.id}`, true],
    ];
    for (const [client, path, shown] of pages) {
      const response = await client.fetch(path);
      s.add("requests");
      expect(response.status, path).toBe(200);
      expectEscaped(await response.text(), path, s, shown);
    }
    // JSON carries it as data: the API never turns it into markup either.
    const queue = await student.fetch(`/api/review/queue?course=${course.slug}`);
    s.add("requests");
    expect(queue.headers.get("content-type")).toMatch(/^application\/json/);
  });

  test("the lesson Markdown renderer never emits markup from the text it is given", () => {
    const s = scenario("attack-markdown", "attacks", "Lesson Markdown renderer escapes any HTML in course files");
    const fragments = fc.constantFrom(
      XSS,
      "<a href='javascript:alert(1)'>x</a>",
      "[x](javascript:alert(1))",
      "[x](data:text/html,<script>)",
      "<iframe src=//evil>",
      "**<b>**",
      "`<script>`",
      '"onmouseover="alert(1)',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fragments, fc.string({ maxLength: 20 })), { maxLength: 8 }), (parts) => {
        s.add("inputs tried");
        const html = renderMarkdown(parts.join(fc.sample(fc.constantFrom(" ", "\n", "\n\n", "- ", "> "), 1)[0]!));
        expect(html).not.toMatch(/<(script|img|iframe|b)\b/i);
        expect(html).not.toMatch(/href="(?!https?:|mailto:|tel:|sms:|#)/i);
        expect(html).not.toMatch(/<[^>]*\son\w+=/i);
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
describe("CSV export", () => {
  test("names and titles a spreadsheet would run as formulas are neutralised in the gradebook", async () => {
    const s = scenario("attack-csv", "attacks", "Formula injection in the CSV gradebook");
    const formulas = [
      '=HYPERLINK("http://evil.example","click")',
      "+1+1",
      "-2+3",
      "@SUM(A1:A2)",
      "\t=1+1",
      "\r=1+1",
      "=cmd|' /C calc'!A0",
    ];
    const client = prismaFor();
    const lesson = await client.lesson.findFirstOrThrow({ where: { courseId: course.id }, select: { id: true } });
    const users = [];
    for (const [index, formula] of formulas.entries()) {
      users.push(
        await client.user.create({
          data: { email: `csv-${index}-${freshKey().slice(0, 8)}@example.test`, name: formula, passwordHash: "x" },
          select: { id: true },
        }),
      );
    }
    await client.enrollment.createMany({ data: users.map((user) => ({ classId, userId: user.id })) });
    await client.assignment.create({
      data: {
        classId,
        title: '=IMPORTXML("http://evil.example","//a")',
        opensAt: new Date(Date.now() - 86_400_000),
        dueAt: new Date(Date.now() + 86_400_000),
        lessons: { create: { lessonId: lesson.id } },
      },
    });
    const response = await instructor.fetch(`/api/classes/${classId}/gradebook.csv`);
    s.add("requests");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="[a-z0-9-]+\.csv"$/);
    const cells = parseCsv((await response.text()).replace(/^\uFEFF/, ""));
    s.set("cells checked", cells.length);
    const dangerous = cells.filter((cell) => /^[=+\-@\t\r]/.test(cell));
    expect(dangerous).toEqual([]);
    // A tab is also a delimiter a spreadsheet may split on, so what follows it is neutralised too.
    for (const formula of formulas) expect(cells).toContain(`'${formula.replace(/\t(?=[=+\-@])/g, "\t'")}`);
  });
});

/** RFC 4180 fields, all rows flattened. */
function parseCsv(text: string): string[] {
  const cells: string[] = [];
  let at = 0;
  while (at < text.length) {
    let cell = "";
    if (text[at] === '"') {
      at += 1;
      for (;;) {
        const quote = text.indexOf('"', at);
        if (text[quote + 1] === '"') {
          cell += text.slice(at, quote + 1);
          at = quote + 2;
        } else {
          cell += text.slice(at, quote);
          at = quote + 1;
          break;
        }
      }
    } else {
      const end = text.slice(at).search(/,|\r\n/);
      cell = end === -1 ? text.slice(at) : text.slice(at, at + end);
      at = end === -1 ? text.length : at + end;
    }
    cells.push(cell);
    if (text.startsWith("\r\n", at)) at += 2;
    else if (text[at] === ",") at += 1;
  }
  return cells;
}

// ---------------------------------------------------------------------------------------------
describe("security headers", () => {
  function check(response: Response, where: string, failures: string[], options: { html?: boolean } = {}) {
    const csp = response.headers.get("content-security-policy") ?? "";
    const want: Record<string, string> = {
      "referrer-policy": "strict-origin-when-cross-origin",
      "x-content-type-options": "nosniff",
    };
    for (const [name, value] of Object.entries(want))
      if (response.headers.get(name) !== value) failures.push(`${where}: ${name}=${response.headers.get(name)}`);
    if (!response.headers.get("permissions-policy")?.includes("camera=()"))
      failures.push(`${where}: Permissions-Policy missing`);
    if (!csp) failures.push(`${where}: no Content-Security-Policy`);
    if (!csp.includes("frame-ancestors 'none'")) failures.push(`${where}: CSP without frame-ancestors 'none'`);
    if (/unsafe-eval/.test(csp)) failures.push(`${where}: CSP allows unsafe-eval`);
    if (options.html && !/script-src [^;]*'nonce-[A-Za-z0-9+/=]{16,}'/.test(csp))
      failures.push(`${where}: page CSP without a nonce`);
    if (response.headers.get("x-powered-by")) failures.push(`${where}: X-Powered-By`);
  }

  test("pages, API answers (all statuses), static and public files, 404s, 405s and redirects all carry them", async () => {
    const s = scenario("attack-headers", "attacks", "Security headers on every kind of response");
    const failures: string[] = [];
    const get = async (client: { fetch: TestClient["fetch"] } | null, path: string, init: RequestInit = {}) => {
      const response = client
        ? await client.fetch(path, init)
        : await fetch(`${baseUrl}${path}`, { redirect: "manual", ...init });
      s.add("requests");
      s.add("responses checked");
      return response;
    };
    const ctx = {
      course,
      classId,
      otherClassId: classId,
      assignmentId: "x",
      otherAssignmentId: "y",
      users: fakeUsers,
      otherCourse: course,
      spareInstructor: fakeUsers.admin,
      // Studio paths answer 404 here; their headers are checked all the same.
      studio: { slug: "no-such-studio-course", anchor: "p-1", lessonKey: "lesson-1", cardId: "no-such-card" },
      key: freshKey,
    } as unknown as MatrixContext;
    const anon = anonymousClient(baseUrl);
    // Every page, anonymous (redirects) and signed in.
    for (const row of PAGE_MATRIX) {
      const path = row.path(ctx);
      for (const client of [anon, student, instructor]) {
        const response = await get(client, path);
        const html = (response.headers.get("content-type") ?? "").includes("text/html");
        check(response, `${path} (${response.status})`, failures, { html });
        if (html && response.status === 200) {
          const page = await response.text();
          const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
          for (const tag of page.match(/<script\b[^>]*>/g) ?? [])
            if (!tag.includes(`nonce="${nonce}"`)) failures.push(`${path}: <script> without the nonce`);
        } else await response.body?.cancel();
      }
    }
    // Every route as anonymous (401s, 404s, 200s), and error answers of other kinds.
    for (const row of API_MATRIX) {
      let path: string;
      try {
        path = row.path(ctx, "anonymous");
      } catch {
        continue;
      }
      const response = await get(anon, path, {
        method: row.method,
        headers: { "content-type": "application/json" },
        body: row.method === "GET" ? undefined : "{}",
      });
      check(response, `${row.method} ${path} (${response.status})`, failures);
      await response.body?.cancel();
    }
    const extra: [string, RequestInit, { fetch: TestClient["fetch"] } | null][] = [
      ["/api/no-such-route", {}, null],
      ["/no-such-page", {}, null],
      ["/api/health", { method: "DELETE" }, null],
      ["/api/health", { method: "HEAD" }, null],
      ["/api/review", { method: "POST", headers: { "content-type": "text/plain" }, body: "x" }, student],
      [
        "/api/review",
        { method: "POST", headers: { origin: "https://evil.example", "content-type": "application/json" }, body: "{}" },
        student,
      ],
      [`/api/classes/${classId}/gradebook.csv`, {}, instructor],
      ["/api/me/export", {}, student],
      ["/sw.js", {}, null],
      ["/offline.html", {}, null],
      ["/icons/icon.svg", {}, null],
      ["/manifest.webmanifest", {}, null],
      ["/favicon.ico", {}, null],
    ];
    for (const [path, init, client] of extra) {
      const response = await get(client, path, init);
      check(response, `${init.method ?? "GET"} ${path} (${response.status})`, failures);
      await response.body?.cancel();
    }
    // Build assets referenced by a page.
    const home = await (await get(null, "/signin")).text();
    const assets = [
      ...new Set([...home.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+)"/g)].map((match) => match[1]!)),
    ].slice(0, 6);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      const response = await get(null, asset);
      check(response, `${asset} (${response.status})`, failures);
      await response.body?.cancel();
    }
    s.set("distinct failures", failures.length);
    expect([...new Set(failures)]).toEqual([]);
  });

  defectTest(
    "undecodable-url-500",
    "a malformed percent-escape in the path answers 400 with the headers, not a bare 500",
    async () => {
      const s = scenario("attack-malformed-url", "attacks", "Malformed percent-escapes in URLs");
      const failures: string[] = [];
      for (const path of ["/api/courses/%ff", "/courses/%E0%A4%A", "/teach/classes/%c0", "/api/classes/%zz/students"]) {
        const response = await student.fetch(path);
        s.add("requests");
        if (response.status >= 500) failures.push(`${path}: ${response.status}`);
        if (!response.headers.get("content-security-policy")) failures.push(`${path}: no security headers`);
        await response.body?.cancel();
      }
      expect(failures).toEqual([]);
    },
  );

  test('join links with a stray %, double escapes or garbage answer 200 ("not a valid join code"), not a 500', async () => {
    const s = scenario("attack-join-link", "attacks", "Join links with stray percent signs and garbage");
    for (const path of ["/join/%25", "/join/50%25off", "/join/%2525", "/join/%E2%80%AE", "/join/..%2F..%2Fadmin"]) {
      const response = await student.fetch(path);
      s.add("requests");
      expect(response.status, path).toBe(200);
      await response.body?.cancel();
    }
  });
});
