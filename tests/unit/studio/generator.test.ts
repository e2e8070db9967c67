import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { StudioDraft } from "@/lib/studio/draft";
import { compileDraft } from "@/lib/studio/folder";
import { ruleBasedGenerator } from "@/lib/studio/generator";
import { importSource } from "@/lib/studio/source";

const texts = [
  { name: "an argumentative essay (Markdown)", file: "essay-libraries.md", markdown: true, lessons: 5 },
  { name: "a reference text (plain text)", file: "reference-emergency-kit.txt", markdown: false, lessons: 1 },
];

function draftOf(file: string, markdown: boolean): StudioDraft {
  const source = importSource(readFileSync(`tests/fixtures/studio/${file}`, "utf8"), { markdown });
  const generated = ruleBasedGenerator.generate({ title: "Test", paragraphs: source.paragraphs });
  return {
    summary: "A test course.",
    audience: "Testers.",
    contentNote: "No sensitive content.",
    citation: "Written for the tests.",
    supportResources: [{ name: "Emergencies (U.S.)", detail: "Call 911" }],
    paragraphs: source.paragraphs,
    ...generated,
  };
}

describe.each(texts)("the offline generator on $name", ({ file, markdown, lessons }) => {
  const draft = draftOf(file, markdown);

  test("proposes lessons by headings (else by runs of paragraphs) and a few drafts, each with a reason", () => {
    expect(draft.lessons).toHaveLength(lessons);
    expect(draft.cards.length).toBeGreaterThanOrEqual(3);
    expect(draft.cards.length).toBeLessThanOrEqual(draft.paragraphs.filter((paragraph) => paragraph.kind === "prose").length * 2);
    for (const card of draft.cards) {
      expect(card.status).toBe("draft");
      expect(card.reason).not.toBe("");
    }
  });

  test("every draft's quote is verbatim in the paragraph it cites", () => {
    const byAnchor = new Map(draft.paragraphs.map((paragraph) => [paragraph.anchor, paragraph]));
    for (const card of draft.cards) {
      const paragraph = byAnchor.get(card.source.anchor);
      expect(paragraph?.kind).toBe("prose");
      expect(paragraph?.text).toContain(card.source.quote);
    }
  });

  test("no two drafts share a quote (a cloze note's deletions are one draft)", () => {
    const quotes = draft.cards.map((card) => `${card.source.anchor}|${card.source.quote}`);
    expect(new Set(quotes).size).toBe(quotes.length);
  });

  test("every draft passes the compiler and the quality gate's firm rules when accepted", () => {
    const accepted = { ...draft, cards: draft.cards.map((card) => ({ ...card, status: "accepted" as const })) };
    const compiled = compileDraft({ slug: "studio-test", title: "Test", sourceTitle: "Test source" }, accepted);
    expect(compiled.errors).toEqual([]);
    expect(compiled.result.ok).toBe(true);
    if (compiled.result.ok) expect(compiled.result.bundle.cards.length).toBeGreaterThanOrEqual(draft.cards.length);
  });

  test("generates the same drafts every time", () => {
    expect(draftOf(file, markdown)).toEqual(draft);
  });
});

test("drafts that are not accepted never reach the compiled course", () => {
  const draft = draftOf("reference-emergency-kit.txt", false);
  const [first, ...rest] = draft.cards;
  const compiled = compileDraft(
    { slug: "studio-test", title: "Test", sourceTitle: "Test source" },
    { ...draft, cards: [{ ...first!, status: "accepted" }, ...rest] },
  );
  expect(compiled.result.ok && compiled.result.bundle.cards.map((card) => card.key.split("#")[0])).toEqual(
    first!.kind === "cloze" ? expect.arrayContaining([first!.id]) : [first!.id],
  );
});

test("compiler problems are placed on the card and field they concern", () => {
  const draft = draftOf("reference-emergency-kit.txt", false);
  const card = { ...draft.cards[0]!, status: "accepted" as const, source: { ...draft.cards[0]!.source, quote: "words the text never says" } };
  const compiled = compileDraft({ slug: "studio-test", title: "Test", sourceTitle: "Test source" }, { ...draft, cards: [card] });
  expect(compiled.result.ok).toBe(false);
  expect(compiled.errors).toContainEqual(
    expect.objectContaining({ cardId: card.id, field: "source.quote", code: "quote-not-verbatim", severity: "error" }),
  );
});

test("the export zip is the course folder the compiler reads, and compiles to the same bundle", async () => {
  const { unzipSync, strFromU8 } = await import("fflate");
  const { courseZip } = await import("@/lib/studio/export");
  const { compileCourse, memoryContentFs } = await import("@/lib/content");
  const draft = draftOf("essay-libraries.md", true);
  const accepted = { ...draft, cards: draft.cards.map((card) => ({ ...card, status: "accepted" as const })) };
  const meta = { slug: "studio-test", title: "Test", sourceTitle: "Test source" };
  const files = Object.fromEntries(Object.entries(unzipSync(courseZip(meta, accepted))).map(([path, bytes]) => [`/courses/${path}`, strFromU8(bytes)]));
  expect(Object.keys(files)).toContain("/courses/studio-test/source/essay.txt");
  const fromZip = compileCourse("/courses/studio-test", memoryContentFs(files));
  const direct = compileDraft(meta, accepted).result;
  expect(fromZip.ok && direct.ok && fromZip.bundle.contentHash === direct.bundle.contentHash).toBe(true);
  expect(courseZip(meta, accepted)).toEqual(courseZip(meta, accepted));
});
