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

  it("has at least 12 cards per unit and at least 40 in all, mixing basic and cloze", () => {
    for (const unit of bundle.units) {
      expect(bundle.cards.filter((card) => card.unitKey === unit.key).length, unit.key).toBeGreaterThanOrEqual(12);
    }
    expect(bundle.cards.length).toBeGreaterThanOrEqual(40);
    expect(bundle.cards.some((card) => card.kind === "cloze")).toBe(true);
    expect(bundle.cards.some((card) => card.kind === "basic")).toBe(true);
  });

  it("quotes every card's source verbatim from its anchored paragraph, never across a gap", () => {
    const paragraphs = new Map(bundle.source.paragraphs.map((paragraph) => [paragraph.anchor, paragraph.text]));
    for (const card of bundle.cards) {
      const text = paragraphs.get(card.source.anchor);
      expect(text, card.key).toBeDefined();
      expect(card.source.quote, card.key).not.toContain(GAP_MARKER);
      expect(text, card.key).toContain(card.source.quote);
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

  it("shows a content note and the support resources", () => {
    expect(bundle.contentNote.length).toBeGreaterThan(0);
    expect(bundle.supportResources).toEqual([
      { name: "U.S. National Human Trafficking Hotline", detail: "Call 1-888-373-7888", href: "tel:+18883737888" },
      { name: "U.S. National Human Trafficking Hotline (text)", detail: "Text 233733", href: "sms:233733" },
      { name: "Emergencies", detail: "Call 911 if you or someone else is in immediate danger", href: "tel:911" },
    ]);
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
