/**
 * Scenario 6, the soak (issue 20): one production `next start` of its own (tests/reliability/support/
 * own-stack.ts, so its memory is the load's alone), 8 students with 2 connections each running the
 * review page's traffic mixed for a minute (answers, retried and version-checked answers, undo, the
 * queue, stats, offline syncs and their retries). Sized for CI on a shared 2-core machine: the
 * assertions are about correctness, never speed.
 *
 * Afterwards: no 5xx; every accepted answer is in the log exactly once and nothing else is (none lost,
 * none doubled); as many logs are undone as undos succeeded; every stored state equals the replay of
 * its log; the server's resident memory after the run is within MEMORY_BOUND of its memory after
 * warm-up; and the server logged no unhandled error. Prints the request count, status codes and the
 * memory series, and records them for docs/RELIABILITY.md.
 *
 * SOAK_MS and SOAK_WARMUP_MS override the durations (e.g. a longer run by hand).
 */
import { randomInt, randomUUID } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CLIENT_ABORT_LOG_LINE } from "@/lib/http/client-abort";
import type { QueueCardDto } from "@/lib/contracts/review";
import { registerAndSignIn, type TestClient } from "@/tests/support/session";
import { scenario, type Scenario } from "./support/figures";
import { createCourseIn, disconnectAll, prismaFor, verifyReplaysFor, type TestCourse } from "./support/http-db";
import { startOwnStack, type OwnStack } from "./support/own-stack";

const SOAK_MS = Number(process.env.SOAK_MS ?? 60_000);
const WARMUP_MS = Number(process.env.SOAK_WARMUP_MS ?? 10_000);
const STUDENTS = 8;
const CONNECTIONS_PER_STUDENT = 2;
const MEMORY_SAMPLE_MS = 5_000;
/**
 * Resident memory after the run may exceed its value after warm-up by at most this factor. RSS follows
 * the heap V8 chooses to keep, not what is live: on 2 cores it grew from about 225 MB after warm-up and
 * levelled off near 450 MB (2×) in a three-minute run (SOAK_MS=180000), and one minute stays below that.
 * A leak that adds some 100 KB per request passes 2.5× within the minute's ~2,000 requests and fails
 * it soon after; a slow creep needs a longer run by hand.
 */
const MEMORY_BOUND = 2.5;

let stack: OwnStack;
let course: TestCourse;

beforeAll(async () => {
  // The production default pool (lib/env.ts), not the 5 connections test workers give themselves.
  stack = await startOwnStack("soak", { DATABASE_POOL_SIZE: "10" });
  course = await createCourseIn(prismaFor(stack.databaseUrl), { lessons: 3, cardsPerLesson: 10 });
});

afterAll(async () => {
  await disconnectAll();
  await stack?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resident memory (VmRSS) of a process and its descendants, in MB. */
function residentMb(pid: number): number {
  let kb = 0;
  const visit = (id: number) => {
    try {
      const status = fs.readFileSync(`/proc/${id}/status`, "utf8");
      kb += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      for (const task of fs.readdirSync(`/proc/${id}/task`)) {
        const children = fs.readFileSync(`/proc/${id}/task/${task}/children`, "utf8").trim();
        for (const child of children ? children.split(/\s+/) : []) visit(Number(child));
      }
    } catch {
      // the process ended between the listing and the read
    }
  };
  visit(pid);
  return Math.round(kb / 1024);
}

const UNHANDLED = /Unhandled error/;

describe("one instance under a mixed load", () => {
  test("a client that hangs up mid-body is not logged as a server error", async () => {
    const s = scenario("soak-client-hangs-up", "soak", "Clients hanging up mid-body: no error logged, no 500");
    const client = await registerAndSignIn(stack.baseUrl, { name: "Hang-up Hal" });
    const { hostname, port } = new URL(stack.baseUrl);
    const before = stack.output().length;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const socket = net.connect(Number(port), hostname);
      await new Promise((resolve, reject) => socket.once("connect", resolve).once("error", reject));
      socket.write(
        `POST /api/review HTTP/1.1\r\nHost: ${hostname}:${port}\r\nCookie: ${client.cookie}\r\n` +
          `X-Forwarded-For: ${client.ip}\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{"cardId":"`,
      );
      // Long enough for the route handler to be reading the body when the client goes.
      await sleep(400);
      socket.destroy();
      s.add("requests");
      s.add("hang-ups");
    }
    await sleep(1_000);
    // The server still answers, and logged none of the hang-ups as an unhandled error.
    expect((await client.fetch("/api/health")).status).toBe(200);
    const logged = stack.output().slice(Math.max(0, before - 200));
    expect(logged).not.toMatch(UNHANDLED);
    expect(logged).not.toMatch(/Error: aborted/);
    s.set("errors logged", 0);
    s.set("hang-ups logged as such", logged.split(CLIENT_ABORT_LOG_LINE).length - 1);
  });

  test(
    "8 students for a minute: no 5xx, no lost or doubled answer, every state equal to its replay, memory bounded",
    async () => {
      const s = scenario(
        "soak-mixed-load",
        "soak",
        `Soak: ${STUDENTS} students × ${CONNECTIONS_PER_STUDENT} connections, answers, undo, queue, stats and sync mixed`,
      );
      const students = await Promise.all(
        Array.from({ length: STUDENTS }, (_, index) =>
          registerAndSignIn(stack.baseUrl, { name: `Soak Student ${index + 1}` }),
        ),
      );
      const load = new Load(students, course, s);

      await load.run(WARMUP_MS);
      const memory: { at: string; mb: number }[] = [{ at: "after warm-up", mb: residentMb(stack.serverPid) }];
      const warmRequests = load.requests;
      const started = Date.now();
      const sampler = setInterval(
        () => memory.push({ at: `${Math.round((Date.now() - started) / 1000)} s`, mb: residentMb(stack.serverPid) }),
        MEMORY_SAMPLE_MS,
      );
      try {
        await load.run(SOAK_MS);
      } finally {
        clearInterval(sampler);
      }
      const seconds = (Date.now() - started) / 1000;
      await sleep(2_000);
      memory.push({ at: "after run (+2 s idle)", mb: residentMb(stack.serverPid) });

      // What the database holds against what the server acknowledged.
      const ids = students.map((student) => student.user.id);
      const logs = await prismaFor(stack.databaseUrl).reviewLog.findMany({
        where: { kind: "answer", userId: { in: ids } },
        select: { userId: true, idempotencyKey: true, undone: true },
      });
      const stored = new Map<string, number>();
      for (const log of logs)
        stored.set(`${log.userId}/${log.idempotencyKey}`, (stored.get(`${log.userId}/${log.idempotencyKey}`) ?? 0) + 1);
      const accepted = new Set(
        students.flatMap((student) => [...load.acceptedOf(student)].map((key) => `${student.user.id}/${key}`)),
      );
      const lost = [...accepted].filter((key) => !stored.has(key));
      const doubled = [...stored].filter(([, count]) => count > 1).map(([key]) => key);
      const unacknowledged = [...stored.keys()].filter((key) => !accepted.has(key));
      const undoneLogs = logs.filter((log) => log.undone).length;
      const replay = await verifyReplaysFor(prismaFor(stack.databaseUrl), ids);

      const total = load.requests;
      const statusLine = [...load.statuses]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, count]) => `${key}: ${count}`)
        .join(", ");
      const memoryLine = memory.map((sample) => `${sample.at} ${sample.mb} MB`).join(", ");
      const limitMb = Math.round(memory[0]!.mb * MEMORY_BOUND);
      const afterMb = memory.at(-1)!.mb;
      s.set("requests", total);
      s.set("requests after warm-up", total - warmRequests);
      s.set("requests per second", Math.round((total - warmRequests) / seconds));
      s.set("answers accepted", accepted.size);
      s.set("answers lost", lost.length);
      s.set("answers doubled", doubled.length);
      s.set("undos", undoneLogs);
      s.set("5xx responses", load.serverErrors);
      s.set("states checked against replay", replay.states);
      s.set("replay mismatches", replay.mismatches.length);
      s.set("memory after warm-up (MB)", memory[0]!.mb);
      s.set("memory after run (MB)", afterMb);
      s.set("memory peak (MB)", Math.max(...memory.map((sample) => sample.mb)));
      s.note(`Status codes: ${statusLine}.`);
      s.note(`Server RSS: ${memoryLine}; bound ${MEMORY_BOUND}× warm-up = ${limitMb} MB.`);
      console.log(
        [
          `soak: ${STUDENTS} students × ${CONNECTIONS_PER_STUDENT} connections, ${WARMUP_MS / 1000} s warm-up + ${seconds.toFixed(0)} s`,
          `requests: ${total} (${total - warmRequests} after warm-up, ${((total - warmRequests) / seconds).toFixed(1)}/s)`,
          `status codes: ${statusLine}`,
          `answers accepted: ${accepted.size}, lost: ${lost.length}, doubled: ${doubled.length}, written unacknowledged: ${unacknowledged.length}, undone: ${undoneLogs} (undos answered 200: ${load.undos})`,
          `states equal to their replay: ${replay.states - replay.mismatches.length}/${replay.states} (${replay.logs} logs)`,
          `server RSS: ${memoryLine} (bound ${limitMb} MB)`,
        ].join("\n"),
      );

      expect(load.unexpected, "responses other than the documented ones").toEqual([]);
      expect(load.serverErrors).toBe(0);
      expect(lost).toEqual([]);
      expect(doubled).toEqual([]);
      expect(unacknowledged).toEqual([]);
      expect(undoneLogs).toBe(load.undos);
      expect(replay.mismatches).toEqual([]);
      expect(stack.output()).not.toMatch(UNHANDLED);
      expect(afterMb).toBeLessThanOrEqual(limitMb);
    },
    SOAK_MS + WARMUP_MS + 120_000,
  );
});

type Json = Record<string, unknown>;
/** What each endpoint may answer under this load (anything else is a failure, listed). */
const EXPECTED: Record<string, number[]> = {
  answer: [200, 409],
  queue: [200],
  stats: [200],
  undo: [200, 409],
  sync: [200],
};

/** The mixed traffic of STUDENTS students, CONNECTIONS_PER_STUDENT loops each, and what came back. */
class Load {
  requests = 0;
  serverErrors = 0;
  undos = 0;
  readonly statuses = new Map<string, number>();
  readonly unexpected: string[] = [];
  private readonly accepted = new Map<string, Set<string>>();
  private readonly queues = new Map<string, QueueCardDto[]>();

  constructor(
    private readonly students: TestClient[],
    private readonly course: TestCourse,
    private readonly s: Scenario,
  ) {}

  acceptedOf(student: TestClient): Set<string> {
    return this.accepted.get(student.user.id) ?? new Set();
  }

  async run(ms: number): Promise<void> {
    const until = Date.now() + ms;
    await Promise.all(
      this.students.flatMap((student) =>
        Array.from({ length: CONNECTIONS_PER_STUDENT }, async () => {
          while (Date.now() < until) await this.step(student);
        }),
      ),
    );
  }

  private accept(student: TestClient, key: string) {
    let keys = this.accepted.get(student.user.id);
    if (!keys) this.accepted.set(student.user.id, (keys = new Set()));
    keys.add(key);
  }

  /** One request; a 503 (all database connections busy) is retried like the app's outbox does, and counted. */
  private async call(
    student: TestClient,
    endpoint: string,
    path: string,
    json?: Json,
  ): Promise<{ status: number; body: Json }> {
    for (;;) {
      const response = await student.fetch(path, json === undefined ? {} : { method: "POST", json });
      const text = await response.text();
      this.requests += 1;
      const key = `${endpoint} ${response.status}`;
      this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
      if (response.status >= 500) this.serverErrors += 1;
      if (!EXPECTED[endpoint]!.includes(response.status)) this.unexpected.push(`${key}: ${text.slice(0, 300)}`);
      if (response.status === 503) {
        await sleep(500);
        continue;
      }
      return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
    }
  }

  private randomCard(student: TestClient): { id: string; version?: number } {
    const queue = this.queues.get(student.user.id) ?? [];
    if (queue.length && randomInt(10) < 8) {
      const card = queue[randomInt(queue.length)]!;
      return { id: card.id, version: card.version };
    }
    return { id: this.course.cards[randomInt(this.course.cards.length)]!.id };
  }

  private async step(student: TestClient): Promise<void> {
    const roll = randomInt(100);
    if (roll < 45) {
      const card = this.randomCard(student);
      const body: Json = {
        cardId: card.id,
        rating: randomInt(1, 5),
        idempotencyKey: randomUUID(),
        durationMs: randomInt(500, 20_000),
      };
      // Some answers carry the version the queue showed (a stale one gets 409, as on a second device).
      if (card.version !== undefined && randomInt(4) === 0) body.version = card.version;
      const first = await this.call(student, "answer", "/api/review", body);
      if (first.status === 200) this.accept(student, body.idempotencyKey as string);
      // A retry after a lost response: the same answer again, never applied twice.
      if (randomInt(10) === 0) {
        const again = await this.call(student, "answer", "/api/review", body);
        expect(again.status).toBe(first.status === 200 ? 200 : again.status);
        if (again.status === 200) this.accept(student, body.idempotencyKey as string);
      }
    } else if (roll < 65) {
      const { status, body } = await this.call(
        student,
        "queue",
        `/api/review/queue?course=${this.course.slug}&limit=50`,
      );
      if (status === 200) this.queues.set(student.user.id, body.cards as QueueCardDto[]);
    } else if (roll < 75) {
      await this.call(student, "stats", `/api/courses/${this.course.slug}/stats`);
    } else if (roll < 85) {
      const { status } = await this.call(student, "undo", "/api/review/undo", { course: this.course.slug });
      if (status === 200) this.undos += 1;
    } else {
      // Answers made offline a few seconds ago, sent as a batch, and sometimes sent again.
      const reviews = Array.from({ length: randomInt(1, 4) }, () => ({
        cardId: this.randomCard(student).id,
        rating: randomInt(1, 5),
        idempotencyKey: randomUUID(),
        reviewedAt: new Date(Date.now() - randomInt(0, 5_000)).toISOString(),
      }));
      for (let send = 0; send < (randomInt(5) === 0 ? 2 : 1); send += 1) {
        const { status, body } = await this.call(student, "sync", "/api/review/sync", { reviews });
        if (status !== 200) continue;
        for (const result of body.results as { idempotencyKey: string; status: string }[]) {
          if (result.status === "applied" || result.status === "duplicate") this.accept(student, result.idempotencyKey);
        }
      }
    }
    this.s.add("steps");
  }
}
