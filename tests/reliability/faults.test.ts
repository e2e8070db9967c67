/**
 * Scenario 4, faults: the database goes away in the middle of a load run, twice (a clean stop, then
 * a SIGKILL of the postmaster), on a private stack (own embedded Postgres + own `next start`).
 * While it is down every API request must fail fast (well under the 5 s budget) with 503, a
 * Retry-After and a clear message; when it comes back the app recovers by itself, without a restart;
 * and at the end no answer is lost, duplicated or half written: clients retry what failed with the
 * same idempotency key, every accepted key is logged exactly once, and every state equals its replay.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { registerAndSignIn, type TestClient } from "@/tests/support/session";
import { scenario } from "./support/figures";
import { createCourseIn, disconnectAll, prismaFor, verifyReplaysFor, type TestCourse } from "./support/http-db";
import { startOwnStack, type OwnStack } from "./support/own-stack";

let stack: OwnStack;
let course: TestCourse;

beforeAll(async () => {
  stack = await startOwnStack("faults");
  course = await createCourseIn(prismaFor(stack.databaseUrl), { lessons: 2, cardsPerLesson: 10 });
}, 180_000);

afterAll(async () => {
  await disconnectAll();
  await stack?.close();
}, 60_000);

const FAIL_FAST_MS = 5_000;

/** Whether the database itself answers, bypassing the app: tells a dead database from a wedged app. */
async function directProbe(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    const { rows } = await client.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()",
    );
    return `ok, ${rows[0].n} connections`;
  } catch (error) {
    return `failed: ${(error as Error).message}`;
  } finally {
    await client.end().catch(() => {});
  }
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Pending = { client: TestClient; body: { cardId: string; rating: number; idempotencyKey: string } };

test("the database stops and crashes mid-load: fast 503s, recovery without a restart, no answer lost or half written", async () => {
  const s = scenario("faults-database-outage", "faults", "Database stopped, then killed, in the middle of a load run");
  const students = await Promise.all(
    Array.from({ length: 4 }, (_, index) => registerAndSignIn(stack.baseUrl, { name: `Fault Student ${index}` })),
  );
  const accepted = new Map<string, Set<string>>(students.map((client) => [client.user.id, new Set()]));
  const pending: Pending[] = [];
  const problems: string[] = [];
  let slowest503 = 0;
  let databaseDown = false;
  let running = true;

  /** One answer attempt; a refusal goes back to the client's outbox (same key) for later. */
  const attempt = async (item: Pending) => {
    const started = Date.now();
    let response: Response;
    try {
      response = await item.client.fetch("/api/review", { method: "POST", json: item.body });
    } catch (error) {
      problems.push(`network error: ${(error as Error).message}`);
      pending.push(item);
      return;
    }
    s.add("requests");
    const elapsed = Date.now() - started;
    const text = await response.text();
    if (response.status === 200) {
      accepted.get(item.client.user.id)!.add(item.body.idempotencyKey);
      return;
    }
    if (response.status === 503) {
      s.add("503 answers");
      slowest503 = Math.max(slowest503, elapsed);
      const body = JSON.parse(text);
      if (!/temporarily unavailable/i.test(body.error?.message ?? ""))
        problems.push(`503 without a clear message: ${text}`);
      if (!response.headers.get("retry-after")) problems.push("503 without Retry-After");
      if (elapsed > FAIL_FAST_MS) problems.push(`503 took ${elapsed} ms`);
      pending.push(item);
      return;
    }
    if (response.status === 409) return; // older than the card's latest review, or a stale version: not applied, by design
    problems.push(`${response.status} ${databaseDown ? "(database down)" : ""}: ${text.slice(0, 200)}`);
  };

  const load = students.map(async (client, studentIndex) => {
    let index = 0;
    while (running) {
      const body = {
        cardId: course.cards[(index + studentIndex * 3) % course.cards.length]!.id,
        rating: (index % 4) + 1,
        idempotencyKey: randomUUID(),
      };
      index += 1;
      s.add("answers sent");
      await attempt({ client, body });
      await sleep(databaseDown ? 50 : 10);
    }
  });

  const waitForHealth = async (ok: boolean) => {
    const started = Date.now();
    for (;;) {
      const response = await fetch(`${stack.baseUrl}/api/health`).catch(() => null);
      s.add("requests");
      if (response && response.ok === ok) return Date.now() - started;
      if (Date.now() - started > 60_000) {
        const direct = await directProbe(stack.databaseUrl);
        const body = response ? await response.text() : "no response";
        throw new Error(
          `health never became ${ok ? "ok" : "unavailable"} (direct connection: ${direct}; health: ${body}):\n${stack.output().slice(-1500)}`,
        );
      }
      await sleep(100);
    }
  };

  // A kill twice: a connection leak per outage (see lib/db/client.ts) would wedge the pool on the second.
  for (const [round, fault] of (["stop", "kill", "kill"] as const).entries()) {
    await sleep(1_500);
    databaseDown = true;
    if (fault === "stop") await stack.stopDatabase();
    else await stack.killDatabase();
    s.add("faults injected");
    s.note(
      `Fault ${round + 1}: ${fault === "stop" ? "clean Postgres shutdown (fast mode)" : "SIGKILL of the postmaster (crash recovery on restart)"} mid-load.`,
    );
    await waitForHealth(false);
    // While down: the API and pages answer quickly; the API with a clear 503.
    const me = await students[0]!.fetch("/api/review/queue?course=" + course.slug);
    s.add("requests");
    expect(me.status).toBe(503);
    expect((await me.json()).error.message).toMatch(/temporarily unavailable/i);
    const page = await students[0]!.fetch("/dashboard");
    s.add("requests");
    s.note(`A page while the database is down answers ${page.status}.`);
    expect(page.status).toBeGreaterThanOrEqual(500);
    await sleep(2_000);
    await stack.startDatabase();
    databaseDown = false;
    s.max(`recovery after restart ${round + 1} (${fault}), ms`, await waitForHealth(true));
  }
  await sleep(1_500);
  running = false;
  await Promise.all(load);

  // The clients' outboxes drain once the database is back: same keys, each accepted once.
  s.set("answers retried from outboxes", pending.length);
  for (let round = 0; pending.length && round < 20; round += 1) {
    const batch = pending.splice(0);
    for (const item of batch) await attempt(item);
    if (pending.length) await sleep(500);
  }
  expect(pending, "every answer refused during the outage goes through afterwards").toEqual([]);

  const client = prismaFor(stack.databaseUrl);
  const ids = students.map((student) => student.user.id);
  const logs = await client.reviewLog.findMany({
    where: { userId: { in: ids }, kind: "answer" },
    select: { userId: true, idempotencyKey: true },
  });
  const logged = new Set(logs.map((log) => `${log.userId}:${log.idempotencyKey}`));
  const acceptedKeys = [...accepted].flatMap(([userId, keys]) => [...keys].map((key) => `${userId}:${key}`));
  const lost = acceptedKeys.filter((key) => !logged.has(key)).length;
  const check = await verifyReplaysFor(client, ids);

  s.set("answers accepted", acceptedKeys.length);
  s.set("answers lost", lost);
  s.set("answers logged twice", logs.length - logged.size);
  s.set("unaccepted answers in the log", [...logged].filter((key) => !acceptedKeys.includes(key)).length);
  s.set("slowest 503, ms", slowest503);
  s.set("replay mismatches (half-written answers)", check.mismatches.length);
  const serverErrors = stack
    .output()
    .split("\n")
    .filter((line) => /Unhandled error|Error:|error:|code:/.test(line))
    .slice(0, 20);
  expect(problems, `server log:\n${serverErrors.join("\n")}`).toEqual([]);
  expect(lost).toBe(0);
  expect(logs.length).toBe(logged.size);
  expect(logged.size).toBe(acceptedKeys.length);
  expect(check.mismatches).toEqual([]);
}, 240_000);
