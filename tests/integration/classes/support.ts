/**
 * Helpers for the classes tests over HTTP: a small course written straight into the shared HTTP
 * server's database (unique slug per call), since the test server imports no content.
 */
import { randomUUID } from "node:crypto";
import { queryHttpDatabase } from "@/tests/support/session";

export type HttpCourse = { id: string; slug: string; lessonKeys: string[]; unitKey: string; cardIds: string[] };

export async function createHttpCourse(options: { lessons?: number; cardsPerLesson?: number } = {}): Promise<HttpCourse> {
  const lessons = options.lessons ?? 2;
  const cardsPerLesson = options.cardsPerLesson ?? 2;
  const id = `course-${randomUUID()}`;
  const slug = `classes-${randomUUID().slice(0, 8)}`;
  const unitId = randomUUID();
  await queryHttpDatabase(
    `INSERT INTO "Course" (id, slug, title, summary, audience, "contentNote", "supportResources", bundle, "contentHash", "updatedAt")
     VALUES ($1, $2, 'HTTP course', 'A test course', 'Testers', 'None', '[]', $3, 'test', now())`,
    [id, slug, JSON.stringify({ source: { title: "Essay", citation: "", paragraphs: [{ anchor: "p1", index: 0, text: "The whole paragraph with the quote in it.", gapBefore: false, gapAfter: false }] } })],
  );
  await queryHttpDatabase(`INSERT INTO "Unit" (id, "courseId", key, position, title, summary) VALUES ($1, $2, 'unit-1', 0, 'Unit 1', '')`, [unitId, id]);
  const lessonKeys: string[] = [];
  const cardIds: string[] = [];
  let position = 0;
  for (let l = 0; l < lessons; l += 1) {
    const lessonId = randomUUID();
    const key = `lesson-${l + 1}`;
    lessonKeys.push(key);
    await queryHttpDatabase(
      `INSERT INTO "Lesson" (id, "courseId", "unitId", key, position, title, objectives, passages) VALUES ($1, $2, $3, $4, $5, $6, '{}', '{}')`,
      [lessonId, id, unitId, key, l, `Lesson ${l + 1}`],
    );
    for (let c = 0; c < cardsPerLesson; c += 1) {
      const cardId = randomUUID();
      cardIds.push(cardId);
      await queryHttpDatabase(
        `INSERT INTO "Card" (id, "courseId", "lessonId", key, "noteKey", kind, prompt, answer, "sourceAnchor", "sourceQuote", tags, "contentHash", position, "updatedAt")
         VALUES ($1, $2, $3, $4, $4, 'basic', $5, 'An answer', 'p1', 'the quote', '{}', $4, $6, now())`,
        [cardId, id, lessonId, `${key}-c${c + 1}`, `Prompt ${position + 1}?`, position],
      );
      position += 1;
    }
  }
  return { id, slug, lessonKeys, unitKey: "unit-1", cardIds };
}
