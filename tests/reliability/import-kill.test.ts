/**
 * Scenario 4b, a content import killed halfway: the import is held in the middle of its
 * transaction (a row lock on a card it will update late), then (a) the importing process is
 * SIGKILLed, (b) its database backend is terminated with pg_terminate_backend. Either way every
 * table is exactly as before: the previous course, its cards and every student's states and logs.
 * Readers see the previous course throughout, and a clean import afterwards still works.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { compileCourse } from "@/lib/content";
import type { CourseBundle } from "@/lib/content/bundle";
import { db } from "@/lib/db/client";
import { importCourse } from "@/lib/courses/import";
import { answerCard } from "@/lib/review/answer";
import { verifyAllReplays } from "@/lib/review/verify";
import { createUser, key } from "@/tests/support/fixtures";
import { TEST_AUTH_SECRET } from "@/tests/support/constants";
import { scenario } from "./support/figures";

const SOURCE = path.resolve("content/courses/sex-trafficking-challenges");
let v1: CourseBundle;
let v2: CourseBundle;
let tmp: string;

beforeAll(async () => {
  const compiled = compileCourse(SOURCE);
  if (!compiled.ok) throw new Error(compiled.errors.map((error) => error.message).join("\n"));
  v1 = compiled.bundle;
  await importCourse(v1, new Date());
  // Some student history, including cards the new version resets.
  const student = await createUser();
  const cards = await db().card.findMany({
    where: { course: { slug: v1.slug } },
    orderBy: { position: "asc" },
    take: 8,
  });
  for (const [index, card] of cards.entries())
    await answerCard(student, { cardId: card.id, rating: (index % 4) + 1, idempotencyKey: key() }, new Date());

  // Version 2: retitled, every card reworded, the first five reset students' progress, the last three gone.
  const next = structuredClone(v1);
  next.title = `${v1.title} (revised)`;
  next.contentHash = `${v1.contentHash}-v2`;
  next.cards = next.cards.slice(0, -3).map((card, index) => ({
    ...card,
    prompt: `${card.prompt} (revised)`,
    contentHash: `${card.contentHash}-v2`,
    resetOnChange: index < 5,
  }));
  v2 = next;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "retain-import-kill-"));
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function snapshot() {
  const client = db();
  const [courses, units, lessons, cards, states, logs] = await Promise.all([
    client.course.findMany({ orderBy: { slug: "asc" } }),
    client.unit.findMany({ orderBy: { id: "asc" } }),
    client.lesson.findMany({ orderBy: { id: "asc" } }),
    client.card.findMany({ orderBy: { id: "asc" } }),
    client.cardState.findMany({ orderBy: { id: "asc" } }),
    client.reviewLog.findMany({ orderBy: { id: "asc" } }),
  ]);
  return JSON.stringify({ courses, units, lessons, cards, states, logs });
}

/** A transaction holding the last card the import will update, so the import stops just before it. */
async function holdLastCard(): Promise<pg.Client> {
  const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await holder.connect();
  await holder.query("BEGIN");
  const lastKey = v2.cards.at(-1)!.key;
  await holder.query(
    `SELECT 1 FROM "Card" c JOIN "Course" k ON k.id = c."courseId" WHERE k.slug = $1 AND c.key = $2 FOR UPDATE OF c`,
    [v2.slug, lastKey],
  );
  return holder;
}

/** The pid of the import's backend once it waits on the held card: it has written everything before it. */
async function blockedImporter(): Promise<number> {
  const observer = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await observer.connect();
  try {
    for (let tries = 0; tries < 600; tries += 1) {
      const { rows } = await observer.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
      );
      if (rows[0]) return rows[0].pid;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error("the import never reached the held card");
  } finally {
    await observer.end();
  }
}

/** What another reader sees while the import is stuck mid-transaction. */
async function visibleTitle(): Promise<string> {
  return (await db().course.findUniqueOrThrow({ where: { slug: v1.slug }, select: { title: true } })).title;
}

async function backendGone(pid: number) {
  const observer = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await observer.connect();
  try {
    for (let tries = 0; tries < 200; tries += 1) {
      const { rows } = await observer.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1`, [pid]);
      if (rows[0].n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`backend ${pid} never went away`);
  } finally {
    await observer.end();
  }
}

/** `npm run content:import` for one bundle, in a child process: node itself with tsx as a loader (not the tsx CLI, whose own child a SIGKILL would orphan). */
function spawnImport(file: string) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--conditions=react-server", "tests/reliability/support/import-child.ts", file],
    {
      env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL, NEXTAUTH_SECRET: TEST_AUTH_SECRET },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on("exit", (code, signal) => resolve(signal ?? code)),
  );
  return { child, exited, output: () => output };
}

test("an import process SIGKILLed mid-transaction leaves the previous course intact", async () => {
  const s = scenario("faults-import-sigkill", "faults", "Content import process SIGKILLed mid-transaction");
  const before = await snapshot();
  const file = path.join(tmp, "bundle.json");
  fs.writeFileSync(file, JSON.stringify(v2));
  const holder = await holdLastCard();
  const { child, exited, output } = spawnImport(file);
  const pid = await blockedImporter();
  expect(await visibleTitle(), "readers still see the previous course mid-import").toBe(v1.title);
  child.kill("SIGKILL");
  s.add("faults injected");
  expect(await exited).toBe("SIGKILL");
  await holder.query("ROLLBACK");
  await holder.end();
  await backendGone(pid);
  expect(await snapshot(), `tables changed after the killed import\n${output()}`).toBe(before);
  s.set("tables compared", 6);
  s.set("rows changed", 0);
});

test("an import whose database backend is terminated mid-transaction leaves the previous course intact; a clean import then works", async () => {
  const s = scenario(
    "faults-import-terminate",
    "faults",
    "Content import's backend terminated mid-transaction (pg_terminate_backend)",
  );
  const before = await snapshot();
  const file = path.join(tmp, "bundle-2.json");
  fs.writeFileSync(file, JSON.stringify(v2));
  const holder = await holdLastCard();
  const { exited } = spawnImport(file);
  const pid = await blockedImporter();
  expect(await visibleTitle()).toBe(v1.title);
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query("SELECT pg_terminate_backend($1)", [pid]);
  await admin.end();
  s.add("faults injected");
  expect(await exited, "the import fails when its connection is cut").not.toBe(0);
  await holder.query("ROLLBACK");
  await holder.end();
  await backendGone(pid);
  expect(await snapshot()).toBe(before);

  const report = await importCourse(v2, new Date());
  expect(report.status).toBe("updated");
  expect(report.cards.archived).toBe(3);
  expect(await visibleTitle()).toBe(v2.title);
  const replay = await verifyAllReplays();
  s.set("student states reset by the clean re-import", report.studentStatesReset);
  s.set("replay mismatches", replay.mismatches.length);
  expect(replay.mismatches).toEqual([]);
});
