import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, test } from "vitest";
import { createClass, joinClass } from "@/lib/classes/classes";
import { getCourse, listCourses } from "@/lib/courses/bundle";
import { db } from "@/lib/db/client";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { answerCard } from "@/lib/review/answer";
import { applyCardAction } from "@/lib/review/card-actions";
import { getReviewQueue } from "@/lib/review/queue";
import {
  addCard,
  addCoAuthor,
  compareVersion,
  createStudioCourse,
  deleteCard,
  getStudioCourse,
  listVersions,
  publishStudioCourse,
  updateCard,
} from "@/lib/studio/courses";
import type { Actor } from "@/lib/auth/actor";
import { createCourse, createUser, key } from "@/tests/support/fixtures";

const T0 = new Date("2026-12-01T15:00:00Z");
const T1 = new Date("2026-12-03T15:00:00Z");
const SOURCE = readFileSync("tests/fixtures/studio/reference-emergency-kit.txt", "utf8");

let owner: Actor;
let otherInstructor: Actor;
let coAuthor: Actor;
let student: Actor;
let outsider: Actor;
let slug: string;
let builtInSlug: string;

beforeAll(async () => {
  builtInSlug = (await createCourse({ lessons: 1, cardsPerLesson: 2 })).slug;
  owner = await createUser("instructor", "Olive Owner");
  otherInstructor = await createUser("instructor", "Oscar Other");
  coAuthor = await createUser("instructor", "Cora Coauthor");
  student = await createUser("student", "Stu Student");
  outsider = await createUser("student", "Otto Outsider");
});

describe("a studio course from draft to class", () => {
  test("an instructor pastes a text and gets a draft course with lessons, drafts and reasons", async () => {
    const course = await createStudioCourse(owner, { title: "Emergency kits", sourceTitle: "Building an Emergency Supply Kit", sourceText: SOURCE });
    slug = course.slug;
    expect(course).toMatchObject({ status: "draft", version: null, role: "owner" });
    expect(course.lessons.length).toBeGreaterThan(0);
    expect(course.cards.length).toBeGreaterThanOrEqual(3);
    expect(course.cards.every((card) => card.status === "draft" && card.reason !== "")).toBe(true);
    // Nothing is published yet: drafts never reach students, and no Course row exists.
    expect(await db().course.count({ where: { slug } })).toBe(0);
  });

  test("students cannot use the studio; other instructors cannot see the course", async () => {
    await expect(createStudioCourse(student, { title: "x", sourceTitle: "y", sourceText: "Some text here." })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getStudioCourse(otherInstructor, slug)).rejects.toBeInstanceOf(NotFoundError);
    await expect(publishStudioCourse(otherInstructor, slug, T0)).rejects.toBeInstanceOf(NotFoundError);
  });

  test("publishing with a quote that is not in the source is a 400 naming the card and field", async () => {
    const draft = await getStudioCourse(owner, slug);
    const card = draft.cards.find((candidate) => candidate.kind === "basic")!;
    await updateCard(owner, slug, card.id, { status: "accepted", source: { anchor: card.source.anchor, quote: "A sentence the source never says." } });
    const failure = await publishStudioCourse(owner, slug, T0).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ValidationError);
    expect(Object.keys((failure as ValidationError).fields)).toContain(`cards.${card.id}.source.quote`);
    await updateCard(owner, slug, card.id, { source: card.source });
  });

  test("accepted drafts publish as version 1 through the compiler and the importer", async () => {
    const draft = await getStudioCourse(owner, slug);
    for (const card of draft.cards) await updateCard(owner, slug, card.id, { status: "accepted" });
    const published = await publishStudioCourse(owner, slug, T0);
    expect(published.version).toBe(1);
    expect(published.cardCount).toBe(await db().card.count({ where: { course: { slug } } }));
    expect((await listVersions(owner, slug))[0]).toMatchObject({ version: 1, publishedBy: "Olive Owner" });
  });

  test("only built-in courses and courses of one's classes are visible", async () => {
    expect((await listCourses(outsider)).map((course) => course.slug)).toEqual([builtInSlug]);
    await expect(getCourse(outsider, slug)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getReviewQueue(outsider, { course: slug }, T0)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getCourse(otherInstructor, slug)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      createClass(otherInstructor, { name: "Theirs", term: "Fall", courseSlug: slug, timeZone: "UTC" }),
    ).rejects.toBeInstanceOf(ValidationError);

    const cls = await createClass(owner, { name: "Prep 101", term: "Fall 2026", courseSlug: slug, timeZone: "UTC" });
    await joinClass(student, { code: cls.joinCodeDisplay }, "10.20.0.1", T0);
    expect((await listCourses(student)).map((course) => course.slug).sort()).toEqual([builtInSlug, slug].sort());
    expect((await getReviewQueue(student, { course: slug }, T0)).cards.length).toBeGreaterThan(0);
    // The outsider still sees nothing of it; the built-in course stays open to everyone.
    await expect(getReviewQueue(outsider, { course: slug }, T0)).rejects.toBeInstanceOf(NotFoundError);
    expect((await getReviewQueue(outsider, { course: builtInSlug }, T0)).course).toBe(builtInSlug);
    // Nor can it answer or suspend the course's cards by id: a card of a course one cannot see does not exist.
    const studioCard = await db().card.findFirstOrThrow({ where: { course: { slug }, archived: false }, select: { id: true } });
    await expect(answerCard(outsider, { cardId: studioCard.id, rating: 3, idempotencyKey: key() }, T0)).rejects.toBeInstanceOf(NotFoundError);
    await expect(applyCardAction(outsider, { cardId: studioCard.id, action: "suspend" }, T0)).rejects.toBeInstanceOf(NotFoundError);
    expect(await db().cardState.count({ where: { userId: outsider.id } })).toBe(0);
    expect((await answerCard(student, { cardId: studioCard.id, rating: 3, idempotencyKey: key() }, T0)).card.id).toBe(studioCard.id);
  });

  test("a co-author can edit and publish", async () => {
    await addCoAuthor(owner, slug, { email: coAuthor.email });
    await expect(getStudioCourse(coAuthor, slug)).resolves.toMatchObject({ role: "co_author" });
    await expect(addCoAuthor(coAuthor, slug, { email: otherInstructor.email })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("republishing an edited course over students' reviews", () => {
  test("keeps every review and state the edit did not reset", async () => {
    const cards = await db().card.findMany({ where: { course: { slug }, archived: false }, orderBy: { position: "asc" } });
    expect(cards.length).toBeGreaterThanOrEqual(4);
    for (const card of cards) await answerCard(student, { cardId: card.id, rating: 3, idempotencyKey: key() }, T0);
    const statesBefore = new Map(
      (await db().cardState.findMany({ where: { userId: student.id, course: { slug } } })).map((state) => [state.cardId, state]),
    );
    const logsBefore = await db().reviewLog.count({ where: { userId: student.id, course: { slug } } });

    const draft = await getStudioCourse(coAuthor, slug);
    const basics = draft.cards.filter((card) => card.kind === "basic");
    const [reworded, reset, removed] = basics;
    expect(removed).toBeDefined();
    await updateCard(coAuthor, slug, reworded!.id, { prompt: `${reworded!.prompt.replace(/\?$/, "")}, in the guidance?` });
    await updateCard(coAuthor, slug, reset!.id, { answer: `${reset!.answer} (as the text puts it)`, resetOnChange: true });
    await deleteCard(coAuthor, slug, removed!.id);
    const water = draft.paragraphs.find((paragraph) => paragraph.text.startsWith("Water is"))!;
    await addCard(coAuthor, slug, {
      lessonKey: draft.lessons[0]!.key,
      prompt: "According to the text, how much water should be stored per person per day?",
      answer: "At least one gallon, for several days.",
      source: { anchor: water.anchor, quote: "recommends storing at least one gallon of water per person per day for several days" },
    });
    const second = await publishStudioCourse(coAuthor, slug, T1);
    expect(second.version).toBe(2);

    const rowOf = (id: string) => db().card.findFirstOrThrow({ where: { course: { slug }, key: id } });
    const [rewordedRow, resetRow, removedRow] = await Promise.all([rowOf(reworded!.id), rowOf(reset!.id), rowOf(removed!.id)]);
    const statesAfter = new Map(
      (await db().cardState.findMany({ where: { userId: student.id, course: { slug } } })).map((state) => [state.cardId, state]),
    );
    for (const [cardId, before] of statesBefore) {
      if (cardId === resetRow.id) continue;
      expect(statesAfter.get(cardId)).toEqual(before);
    }
    expect(statesAfter.get(resetRow.id)).toMatchObject({ state: "new", reps: 0 });
    expect(rewordedRow.prompt).toMatch(/in the guidance\?$/);
    expect(removedRow.archived).toBe(true);
    // Only the reset added a log; every answer is still there.
    expect(await db().reviewLog.count({ where: { userId: student.id, course: { slug }, kind: "answer" } })).toBe(logsBefore);
    expect(await db().reviewLog.count({ where: { userId: student.id, cardId: resetRow.id, kind: "reset" } })).toBe(1);

    const comparison = await compareVersion(owner, slug, 2);
    expect(comparison.previous).toBe(1);
    expect(comparison.cards.removed).toEqual([removed!.id]);
    expect(comparison.cards.changed).toEqual(expect.arrayContaining([reworded!.id, reset!.id]));
    expect(comparison.cards.added).toHaveLength(1);
  });
});
