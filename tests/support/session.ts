/**
 * Signed-in HTTP clients for integration tests against the shared `next start` server (`baseUrl`
 * from ./http). Typical use:
 *
 *   const student = await registerAndSignIn(baseUrl);
 *   const instructor = await registerAndSignIn(baseUrl, { role: "instructor" });
 *   const response = await instructor.fetch("/api/classes", { method: "POST", json: { name: "Bio 101" } });
 *
 * Every client gets a unique email and its own made-up client IP (sent as X-Forwarded-For, which
 * the app trusts; see lib/http/client-ip.ts), so tests never share throttle windows even though they
 * share one server and one database. `client.fetch` sends the session cookie, keeps the cookie jar
 * up to date from Set-Cookie, and with `json` sends a JSON body with the right Content-Type.
 *
 * Roles other than student are granted by writing to the HTTP server's database directly
 * (`inject("httpDatabaseUrl")`) before signing in, the way `npm run user:create` would.
 */
import { randomBytes, randomInt } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

export type Role = "student" | "instructor" | "admin";
export type TestUser = { id: string; email: string; name: string; role: Role };

export type ClientRequestInit = Omit<RequestInit, "body"> & {
  body?: RequestInit["body"];
  /** Sent as the JSON body (Content-Type: application/json). */
  json?: unknown;
};

export type TestClient = {
  user: TestUser;
  password: string;
  /** The made-up client address this client sends as X-Forwarded-For. */
  ip: string;
  /** Current `Cookie` header value (session and next-auth cookies). */
  readonly cookie: string;
  /** The cookies themselves, e.g. `client.jar.get("retain.session")`. */
  jar: CookieJar;
  /** fetch against baseUrl with this client's cookies and IP; `path` may be a path or a full URL. */
  fetch(path: string, init?: ClientRequestInit): Promise<Response>;
};

export type RegisterOptions = { role?: Role; email?: string; password?: string; name?: string; ip?: string };

/** An email no other test (in this run or a previous one on the same database) has used. */
export function uniqueEmail(label = "user"): string {
  return `${label.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${randomBytes(6).toString("hex")}@example.test`;
}

/** A strong password that is not on the common-password list. */
export function testPassword(): string {
  return `pw-${randomBytes(12).toString("base64url")}`;
}

/** A random address in 10.0.0.0/8, so each client has throttle windows of its own. */
export function uniqueIp(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

/** A cookie jar of name → value, updated from Set-Cookie headers (deletions included). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  get header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  set(name: string, value: string) {
    this.cookies.set(name, value);
  }

  update(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const separator = pair.indexOf("=");
      if (separator < 1) continue;
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key = "", raw = ""] = attribute.split("=");
        const field = key.trim().toLowerCase();
        if (field === "max-age") return Number(raw) <= 0;
        if (field === "expires") return new Date(raw).getTime() <= Date.now();
        return false;
      });
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** A client with no session yet: for sign-up and sign-in tests, and the base of the signed-in ones. */
export function anonymousClient(baseUrl: string, ip = uniqueIp()) {
  const jar = new CookieJar();
  return {
    ip,
    jar,
    get cookie() {
      return jar.header;
    },
    async fetch(path: string, init: ClientRequestInit = {}): Promise<Response> {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (!headers.has("x-forwarded-for")) headers.set("x-forwarded-for", ip);
      if (jar.header && !headers.has("cookie")) headers.set("cookie", jar.header);
      if (json !== undefined) headers.set("content-type", "application/json");
      const response = await fetch(new URL(path, baseUrl), {
        ...rest,
        headers,
        redirect: rest.redirect ?? "manual",
        body: json !== undefined ? JSON.stringify(json) : rest.body,
      });
      jar.update(response);
      return response;
    },
  };
}

export type AnonymousClient = ReturnType<typeof anonymousClient>;

/** POST /api/auth/register; throws with the response body unless it answers 201. */
export async function register(
  client: AnonymousClient,
  input: { email: string; password: string; name: string },
): Promise<TestUser> {
  const response = await client.fetch("/api/auth/register", { method: "POST", json: input });
  if (response.status !== 201) throw new Error(`register ${input.email}: ${response.status} ${await response.text()}`);
  return (await response.json()) as TestUser;
}

/**
 * next-auth's sign-in: GET /api/auth/csrf (sets the CSRF cookie), then POST the credentials
 * form-encoded with `json=true`. Returns the raw response: 200 on success (the jar now holds the
 * session cookie), 401 wrong credentials, 429 throttled.
 */
export async function attemptSignIn(
  client: AnonymousClient,
  credentials: { email: string; password: string },
): Promise<Response> {
  const csrf = await client.fetch("/api/auth/csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  return client.fetch("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, email: credentials.email, password: credentials.password, json: "true" }),
  });
}

/** Signs an existing account in; throws unless next-auth set a session cookie. */
export async function signIn(
  baseUrl: string,
  credentials: { email: string; password: string },
  ip?: string,
): Promise<AnonymousClient> {
  const client = anonymousClient(baseUrl, ip);
  const response = await attemptSignIn(client, credentials);
  if (response.status !== 200 || !hasSessionCookie(client)) {
    throw new Error(`sign in ${credentials.email}: ${response.status} ${await response.text()}`);
  }
  return client;
}

export function hasSessionCookie(client: { cookie: string }): boolean {
  return /(^|;\s*)(__Secure-)?retain\.session=/.test(client.cookie);
}

/** Signs up through the API (a student), grants `role` in the database if asked, and signs in. */
export async function registerAndSignIn(baseUrl: string, options: RegisterOptions = {}): Promise<TestClient> {
  const role = options.role ?? "student";
  const email = options.email ?? uniqueEmail(role);
  const password = options.password ?? testPassword();
  const name = options.name ?? `Test ${role}`;
  const ip = options.ip ?? uniqueIp();

  const registered = await register(anonymousClient(baseUrl, ip), { email, password, name });
  if (role !== "student") await setRoleInDatabase(registered.id, role);
  const client = await signIn(baseUrl, { email, password }, ip);
  return Object.assign(client, { user: { ...registered, role }, password }) as TestClient;
}

/**
 * Runs SQL on the HTTP server's database (shared by every test file in the run: scope by ids you
 * created). A new connection each call: slower than a pool, but nothing to close in afterAll.
 */
export async function queryHttpDatabase<Row extends pg.QueryResultRow = pg.QueryResultRow>(
  sql: string,
  params: unknown[] = [],
): Promise<Row[]> {
  const client = new pg.Client({ connectionString: inject("httpDatabaseUrl") });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Sets a role directly, without touching the session version (like a promotion before sign-in). */
export async function setRoleInDatabase(userId: string, role: Role): Promise<void> {
  const rows = await queryHttpDatabase(`UPDATE "User" SET role = $1::"Role" WHERE id = $2 RETURNING id`, [
    role,
    userId,
  ]);
  if (rows.length !== 1) throw new Error(`setRoleInDatabase: no user ${userId}`);
}
