import { readFileSync } from "node:fs";
import type { TestClient } from "@/tests/support/session";

export type TestStudioCourse = { slug: string; anchor: string; lessonKey: string; cardId: string };

/** The reference text the studio tests use (tests/fixtures/studio/README.md says where it comes from). */
export const STUDIO_SOURCE = readFileSync("tests/fixtures/studio/reference-emergency-kit.txt", "utf8");

async function expectOk(response: Response, what: string): Promise<unknown> {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return response.json();
}

/**
 * A studio course made over HTTP by `client` (an instructor), its drafts accepted and, with
 * `publish`, published: the ids rows and fuzz specs need.
 */
export async function createStudioCourseOver(client: Pick<TestClient, "fetch">, options: { publish?: boolean } = {}): Promise<TestStudioCourse & { courseId?: string }> {
  const created = (await expectOk(
    await client.fetch("/api/studio/courses", {
      method: "POST",
      json: { title: "Studio matrix course", sourceTitle: "Building an Emergency Supply Kit", sourceText: STUDIO_SOURCE },
    }),
    "create studio course",
  )) as { slug: string; paragraphs: { anchor: string; kind: string }[]; lessons: { key: string }[]; cards: { id: string; kind: string }[] };
  for (const card of created.cards) {
    await expectOk(await client.fetch(`/api/studio/courses/${created.slug}/cards/${card.id}`, { method: "PATCH", json: { status: "accepted" } }), "accept");
  }
  if (options.publish) await expectOk(await client.fetch(`/api/studio/courses/${created.slug}/publish`, { method: "POST" }), "publish");
  return {
    slug: created.slug,
    anchor: created.paragraphs.find((paragraph) => paragraph.kind === "prose")!.anchor,
    lessonKey: created.lessons[0]!.key,
    cardId: created.cards.find((card) => card.kind === "basic")!.id,
  };
}
