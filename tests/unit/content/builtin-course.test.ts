import { describe, expect, it } from "vitest";
import { compileCourse, GAP_MARKER, loadAllCourses, type CourseBundle } from "@/lib/content";

const courseDir = "content/courses/sex-trafficking-challenges";

function compileBuiltIn(): CourseBundle {
  const result = compileCourse(courseDir);
  if (!result.ok)
    throw new Error(result.errors.map((error) => `${error.file}:${error.line}: ${error.message}`).join("\n"));
  return result.bundle;
}

describe("the built-in course", () => {
  const bundle = compileBuiltIn();

  it("compiles with zero errors, as does everything under content/courses", () => {
    expect(bundle.slug).toBe("sex-trafficking-challenges");
    const all = loadAllCourses("content/courses");
    expect(all.ok ? [] : all.errors).toEqual([]);
  });

  it("has the three units in order, each with one to three lessons", () => {
    expect(bundle.units.map((unit) => unit.key)).toEqual(["legal-definitions", "identifying-victims", "programs"]);
    for (const unit of bundle.units) {
      expect(unit.lessons.length).toBeGreaterThanOrEqual(1);
      expect(unit.lessons.length).toBeLessThanOrEqual(3);
    }
  });

  it("has no quality errors and no quality warnings, and covers every paragraph of prose", () => {
    const result = compileCourse(courseDir);
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.warnings.map((warning) => `${warning.file}:${warning.line}: [${warning.code}] ${warning.message}`)).toEqual([]);
    const prose = bundle.source.paragraphs.filter((paragraph) => !paragraph.furniture).map((paragraph) => paragraph.anchor);
    const cited = new Set(bundle.cards.flatMap((card) => card.sources.map((source) => source.anchor)));
    expect(prose.filter((anchor) => !cited.has(anchor))).toEqual([]);
    expect(result.coverage.map((unit) => unit.unitKey)).toEqual(["legal-definitions", "identifying-victims", "programs"]);
    expect(bundle.cards.some((card) => card.kind === "cloze")).toBe(true);
    expect(bundle.cards.some((card) => card.kind === "basic")).toBe(true);
  });

  it("has synthesis cards that cite more than one passage, each quoted verbatim", () => {
    const synthesis = bundle.cards.filter((card) => card.sources.length > 1);
    expect(synthesis.map((card) => card.key).sort()).toEqual(["syn-training-remedy", "syn-who-counts-as-victim"]);
    const paragraphs = new Map(bundle.source.paragraphs.map((paragraph) => [paragraph.anchor, paragraph.text]));
    for (const card of synthesis) {
      expect(new Set(card.sources.map((source) => source.anchor)).size, card.key).toBe(card.sources.length);
      for (const source of card.sources) expect(paragraphs.get(source.anchor), card.key).toContain(source.quote);
    }
  });

  it("marks cloze siblings with their note's key and every basic card with its own", () => {
    for (const card of bundle.cards) {
      expect(card.noteKey, card.key).toBe(card.kind === "cloze" ? card.key.replace(/#c\d+$/, "") : card.key);
    }
  });

  it("never shows page furniture as essay text", () => {
    const prose = bundle.source.paragraphs.filter((paragraph) => !paragraph.furniture);
    expect(prose.map((paragraph) => paragraph.anchor)).toEqual(["p-definitions", "p-indicators", "p-programs"]);
    for (const furniture of ["Assignment 2", "1717 Words", "7 Pages"]) {
      expect(prose.some((paragraph) => paragraph.text.includes(furniture)), furniture).toBe(false);
    }
  });

  it("quotes every card's source verbatim from its anchored paragraph, never across a gap", () => {
    const paragraphs = new Map(bundle.source.paragraphs.map((paragraph) => [paragraph.anchor, paragraph.text]));
    for (const card of bundle.cards) {
      expect(card.sources[0], card.key).toEqual(card.source);
      for (const source of card.sources) {
        const text = paragraphs.get(source.anchor);
        expect(text, card.key).toBeDefined();
        expect(source.quote, card.key).not.toContain(GAP_MARKER);
        expect(text, card.key).toContain(source.quote);
      }
    }
  });

  it("cites the essay's sources in the essay's form", () => {
    const text = JSON.stringify(bundle.units);
    for (const citation of [
      "Weitzer, 2011, p. 1337",
      "McGough, 2013",
      "Annison, 2013",
      "Office on Trafficking in Persons, 2015",
      "Coalition Against Trafficking in Women, 2011",
    ]) {
      expect(text).toContain(citation);
    }
  });

  it("marks the essay's gaps, including the unmarked cut at the end of the excerpt", () => {
    expect(bundle.source.paragraphs.map(({ anchor, gapBefore, gapAfter }) => [anchor, gapBefore, gapAfter])).toEqual([
      ["p-title", false, false],
      ["p-length", false, false],
      ["p-definitions", false, true],
      ["p-indicators", true, true],
      ["p-programs", true, true],
    ]);
    expect(bundle.source.paragraphs.every((paragraph) => !paragraph.text.includes(GAP_MARKER))).toBe(true);
  });

  it("shows a content note, the U.S. support resources and a note about the source", () => {
    expect(bundle.contentNote.length).toBeGreaterThan(0);
    expect(bundle.supportResources).toEqual([
      { name: "U.S. National Human Trafficking Hotline", detail: "Call 1-888-373-7888 (24/7, confidential)", href: "tel:+18883737888" },
      { name: "U.S. National Human Trafficking Hotline (text)", detail: "Text 233733 (24/7, confidential)", href: "sms:233733" },
      {
        name: "U.S. National Human Trafficking Hotline (online)",
        detail: "humantraffickinghotline.org",
        href: "https://humantraffickinghotline.org",
      },
      { name: "Emergencies (U.S.)", detail: "Call 911 if you or someone else is in immediate danger", href: "tel:911" },
    ]);
    expect(bundle.source.about).toMatch(/student essay/);
    expect(bundle.source.about).toMatch(/2015/);
  });

  it("gives the federal definition only in a labelled box with its citation, in the definitions lesson", () => {
    const lessons = bundle.units.flatMap((unit) => unit.lessons);
    const boxed = lessons.filter((lesson) => lesson.beyondTheEssay);
    expect(boxed.map((lesson) => lesson.key)).toEqual(["who-the-law-counts"]);
    expect(boxed[0]?.beyondTheEssay).toMatchObject({ title: expect.stringMatching(/^Beyond the essay/), citation: expect.stringContaining("22 U.S.C. § 7102") });
    expect(JSON.stringify(bundle.cards)).not.toContain("7102");
  });

  it("gives every lesson objectives and passages, and every card a unique key", () => {
    for (const lesson of bundle.units.flatMap((unit) => unit.lessons)) {
      expect(lesson.objectives.length, lesson.key).toBeGreaterThan(0);
      expect(lesson.passages.length, lesson.key).toBeGreaterThan(0);
      expect(lesson.bodyHtml, lesson.key).not.toMatch(/<script|javascript:/i);
    }
    const keys = bundle.cards.map((card) => card.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("compiles to the same content hash every time", () => {
    expect(compileBuiltIn().contentHash).toBe(bundle.contentHash);
  });
});
