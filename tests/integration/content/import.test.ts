import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, test } from "vitest";
import { compileCourse } from "@/lib/content";
import { db } from "@/lib/db/client";
import { importCourse } from "@/lib/courses/import";
import { answerCard } from "@/lib/review/answer";
import { importAllCourses } from "@/scripts/lib/import-courses";
import { createUser, key } from "@/tests/support/fixtures";

const SOURCE = path.resolve("content/courses/sex-trafficking-challenges");
const SLUG = "sex-trafficking-challenges";
const NOW = new Date("2026-11-02T15:00:00Z");
let root: string;
let courseDir: string;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "retain-content-"));
  courseDir = path.join(root, SLUG);
  fs.cpSync(SOURCE, courseDir, { recursive: true });
});

function editCards(file: string, edit: (text: string) => string) {
  const target = path.join(courseDir, "cards", file);
  fs.writeFileSync(target, edit(fs.readFileSync(target, "utf8")));
}

function compile() {
  const result = compileCourse(courseDir);
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join("\n"));
  return result.bundle;
}

async function snapshotTables() {
  const client = db();
  const [courses, units, lessons, cards, states, logs] = await Promise.all([
    client.course.findMany({ orderBy: { slug: "asc" } }),
    client.unit.findMany({ orderBy: { key: "asc" } }),
    client.lesson.findMany({ orderBy: { key: "asc" } }),
    client.card.findMany({ orderBy: { key: "asc" } }),
    client.cardState.findMany({ orderBy: { id: "asc" } }),
    client.reviewLog.findMany({ orderBy: { id: "asc" } }),
  ]);
  return { courses, units, lessons, cards, states, logs };
}

async function resetCourseTables() {
  await db().$executeRawUnsafe(`TRUNCATE "Course", "User" CASCADE`);
}

describe("importing a course", () => {
  beforeEach(resetCourseTables);

  test("importing twice changes nothing", async () => {
    const first = await importCourse(compile(), NOW);
    expect(first.status).toBe("created");
    expect(first.cards.added).toBe(compile().cards.length);
    const before = await snapshotTables();
    const second = await importCourse(compile(), new Date(NOW.getTime() + 60_000));
    expect(second.status).toBe("unchanged");
    expect(await snapshotTables()).toEqual(before);
  });

  test("a wording edit keeps a reviewed card's state; resetOnChange starts it over with a logged reset", async () => {
    await importCourse(compile(), NOW);
    const student = await createUser();
    const card = await db().card.findFirstOrThrow({ where: { key: "def-first-challenge" } });
    await answerCard(student, { cardId: card.id, rating: 3, idempotencyKey: key() }, NOW);
    const stateBefore = await db().cardState.findFirstOrThrow({ where: { cardId: card.id } });

    editCards("01-legal-definitions.yaml", (text) =>
      text.replace(
        "prompt: According to the essay, what is the first challenge in addressing sex trafficking?",
        "prompt: In the essay, what is the first challenge that arises in addressing sex trafficking?",
      ),
    );
    const reworded = await importCourse(compile(), NOW);
    expect(reworded.cards).toMatchObject({ reworded: 1, reset: 0, added: 0, archived: 0 });
    const after = await db().card.findUniqueOrThrow({ where: { id: card.id } });
    expect(after.prompt).toMatch(/^In the essay/);
    expect(await db().cardState.findFirstOrThrow({ where: { cardId: card.id } })).toEqual(stateBefore);

    editCards("01-legal-definitions.yaml", (text) =>
      text.replace(
        "answer: Who the law considers to be victims.",
        "answer: Deciding who the law considers to be victims.\n  resetOnChange: true",
      ),
    );
    const reset = await importCourse(compile(), NOW);
    expect(reset.cards).toMatchObject({ reset: 1 });
    expect(reset.studentStatesReset).toBe(1);
    const state = await db().cardState.findFirstOrThrow({ where: { cardId: card.id } });
    expect(state).toMatchObject({ state: "new", reps: 0, version: stateBefore.version + 1 });
    expect(await db().reviewLog.count({ where: { cardId: card.id, kind: "reset" } })).toBe(1);
  });

  test("a card removed from the source is archived with its history", async () => {
    await importCourse(compile(), NOW);
    const student = await createUser();
    const card = await db().card.findFirstOrThrow({ where: { key: "def-first-challenge" } });
    await answerCard(student, { cardId: card.id, rating: 3, idempotencyKey: key() }, NOW);

    editCards("01-legal-definitions.yaml", (text) => {
      const start = text.indexOf("- id: def-first-challenge");
      const end = text.indexOf("- id:", start + 1);
      return text.slice(0, start) + text.slice(end);
    });
    const report = await importCourse(compile(), NOW);
    expect(report.cards.archived).toBe(1);
    expect(await db().card.findUniqueOrThrow({ where: { id: card.id } })).toMatchObject({ archived: true });
    expect(await db().reviewLog.count({ where: { cardId: card.id } })).toBe(1);
    expect(await db().cardState.count({ where: { cardId: card.id } })).toBe(1);
  });

  test("a broken source imports nothing and leaves the database untouched", async () => {
    await importCourse(compile(), NOW);
    const before = await snapshotTables();
    editCards("01-legal-definitions.yaml", (text) =>
      text.replace(
        "quote: First, there is a problem is who the law considers to be victims.",
        "quote: First, there is a problem with who the law considers to be victims.",
      ),
    );
    editCards("02-identifying-victims.yaml", (text) => text.replace(/prompt: .*\n/, "prompt: Changed wording?\n"));
    const result = await importAllCourses(NOW, root);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join("\n")).toMatch(/01-legal-definitions\.yaml:\d+: .*verbatim/i);
    expect(await snapshotTables()).toEqual(before);
  });
});
