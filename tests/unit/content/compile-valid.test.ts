import { describe, expect, it } from "vitest";
import { compileCourse, loadAllCourses, memoryContentFs, type CourseBundle } from "@/lib/content";
import { filesOf, fixture, fixturesDir } from "./support";

const validFiles = filesOf(fixture("valid"));
const cardsFile = "/course/cards/water.yaml";

function compileValid(changes: Record<string, string> = {}): CourseBundle {
  const result = compileCourse("/course", memoryContentFs({ ...validFiles, ...changes }));
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join("\n"));
  return result.bundle;
}

function editCards(from: string, to: string): Record<string, string> {
  const cards = validFiles[cardsFile]!;
  expect(cards).toContain(from);
  return { [cardsFile]: cards.replace(from, to) };
}

describe("compiling the valid fixture", () => {
  const bundle = compileValid();

  it("compiles from disk to the same bundle as from memory, apart from the slug", () => {
    const fromDisk = compileCourse(fixture("valid"));
    expect(fromDisk.ok).toBe(true);
    if (!fromDisk.ok) return;
    expect(fromDisk.bundle.slug).toBe("valid");
    expect({ ...fromDisk.bundle, slug: "course", contentHash: "" }).toEqual({ ...bundle, contentHash: "" });
  });

  it("takes the manifest fields as written", () => {
    expect(bundle).toMatchObject({
      slug: "course",
      title: "Water Basics",
      contentNote: "Mentions deep water.",
      supportResources: [
        { name: "Lifeguard", detail: "Call 555-0100", href: "tel:5550100" },
        { name: "Leaflet", detail: "Read at the pool" },
      ],
      source: { title: "A Tiny Essay", citation: "Fixture essay for tests." },
    });
  });

  it("keeps paragraphs verbatim, strips edge gap markers and flags both sides of each gap", () => {
    expect(bundle.source.paragraphs).toEqual([
      { anchor: "p-title", index: 0, text: "A Tiny Essay", gapBefore: false, gapAfter: false, furniture: false },
      {
        anchor: "p-rivers",
        index: 1,
        text: "Rivers carry water to the sea. The “delta” is where a river meets the sea. Some rivers never",
        gapBefore: false,
        gapAfter: true,
        furniture: false,
      },
      {
        anchor: "p-lakes",
        index: 2,
        text: "Lakes hold still water. A lake’s outlet drains it. …show more content… Ponds are small.",
        gapBefore: true,
        gapAfter: false,
        furniture: false,
      },
    ]);
  });

  it("orders lessons by `order`, not by file name, and renders their bodies", () => {
    const [unit] = bundle.units;
    expect(unit?.lessons.map((lesson) => [lesson.key, lesson.position])).toEqual([
      ["rivers", 1],
      ["lakes", 2],
    ]);
    expect(unit?.lessons[0]).toMatchObject({
      objectives: ["Name where rivers go."],
      keyTerms: [{ term: "Delta", definition: "Where a river meets the sea." }],
      passages: ["p-rivers"],
      estimatedMinutes: 1,
      bodyHtml:
        '<h2>Where rivers go</h2>\n<p>Rivers carry water to <strong>the sea</strong>, see <a href="#p-rivers">the essay</a>.</p>\n<ul>\n<li>deltas</li>\n<li>mouths</li>\n</ul>',
    });
    expect(unit?.lessons[1]?.keyTerms).toEqual([]);
  });

  it("orders cards by unit, lesson and file order, one card per cloze deletion number", () => {
    expect(bundle.cards.map((card) => [card.position, card.key, card.lessonKey])).toEqual([
      [1, "river-delta#c1", "rivers"],
      [2, "river-delta#c2", "rivers"],
      [3, "river-sea", "rivers"],
      [4, "lake-holds", "lakes"],
    ]);
  });

  it("shows the target deletion as […] and the others as plain text", () => {
    const [first, second] = bundle.cards;
    expect(first).toMatchObject({
      kind: "cloze",
      prompt: "The delta is where a […] meets the sea.",
      answer: "river",
      explanation: "From the essay.",
      resetOnChange: true,
      tags: [],
    });
    expect(second).toMatchObject({ prompt: "The […] is where a river meets the sea.", answer: "delta" });
    expect(bundle.cards[3]).toMatchObject({ kind: "basic", explanation: null, resetOnChange: false, tags: ["lakes"] });
  });
});

describe("quotes from a paragraph written over several lines", () => {
  it("match with a space where the paragraph breaks its lines", () => {
    const essay = validFiles["/course/source/essay.txt"]!.replace(
      "Lakes hold still water. ",
      "Lakes hold\nstill water.\n",
    );
    const bundle = compileValid({ "/course/source/essay.txt": essay });
    expect(bundle.source.paragraphs[2]?.text).toMatch(/^Lakes hold\nstill water.\nA lake/);
    expect(bundle.cards.find((card) => card.key === "lake-holds")?.source.quote).toBe("Lakes hold still water.");
  });
});

describe("content hashes", () => {
  const original = compileValid();

  it("are identical for identical content", () => {
    expect(compileValid().contentHash).toBe(original.contentHash);
    expect(compileValid()).toEqual(original);
  });

  it("change for the edited card only when its wording changes", () => {
    const edited = compileValid(editCards("prompt: What do lakes hold?", "prompt: What does a lake hold?"));
    expect(edited.contentHash).not.toBe(original.contentHash);
    const changed = edited.cards.filter((card, index) => card.contentHash !== original.cards[index]?.contentHash);
    expect(changed.map((card) => card.key)).toEqual(["lake-holds"]);
  });

  it("change for every card of a cloze note when any of its deletions changes", () => {
    const edited = compileValid(editCards("{{c1::river}}", "{{c1::stream}}"));
    const changed = edited.cards.filter((card, index) => card.contentHash !== original.cards[index]?.contentHash);
    expect(changed.map((card) => card.key)).toEqual(["river-delta#c1", "river-delta#c2"]);
  });

  it("treat explanation and source as wording, but not tags", () => {
    const explained = compileValid(editCards("explanation: From the essay.", "explanation: From the tiny essay."));
    expect(explained.cards[0]?.contentHash).not.toBe(original.cards[0]?.contentHash);

    const quoted = compileValid(editCards("quote: Lakes hold still water.", "quote: Lakes hold still water"));
    expect(quoted.cards[3]?.contentHash).not.toBe(original.cards[3]?.contentHash);

    const retagged = compileValid(editCards("tags: [lakes]", "tags: [lakes, still-water]"));
    expect(retagged.cards[3]?.contentHash).toBe(original.cards[3]?.contentHash);
    expect(retagged.contentHash).not.toBe(original.contentHash);
  });

  it("change for the course when a lesson's wording changes", () => {
    const lessonFile = "/course/units/01-water/02-lakes.md";
    const edited = compileValid({ [lessonFile]: validFiles[lessonFile]!.replace("_still_", "_calm_") });
    expect(edited.contentHash).not.toBe(original.contentHash);
    expect(edited.cards.map((card) => card.contentHash)).toEqual(original.cards.map((card) => card.contentHash));
  });
});

describe("loadAllCourses", () => {
  it("returns every bundle when all courses compile", () => {
    const result = loadAllCourses("/courses", memoryContentFs(filesOf(fixture("valid"), "/courses/water-basics")));
    expect(result.ok && result.bundles.map((bundle) => bundle.slug)).toEqual(["water-basics"]);
  });

  it("returns the errors of every broken course and no bundles", () => {
    const result = loadAllCourses(fixturesDir);
    expect(result.ok).toBe(false);
    const files = result.ok ? [] : result.errors.map((error) => error.file);
    expect(files.some((file) => file.includes("/broken-cards/"))).toBe(true);
    expect(files.some((file) => file.includes("/broken-course/"))).toBe(true);
  });
});
