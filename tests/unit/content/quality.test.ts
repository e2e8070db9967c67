import { describe, expect, it } from "vitest";
import { compileCourse, formatContentWarning, memoryContentFs, type CompileResult, type ContentError } from "@/lib/content";
import { isBareCitation, listItems, normalise } from "@/lib/content/quality";
import { filesOf, fixture } from "./support";

/**
 * The quality gate, one small bad course per rule. Each course is the valid fixture (with its
 * title paragraph marked as page furniture, so it starts with no warnings) plus one flaw.
 */
const base = filesOf(fixture("valid"));
const CARDS = "/course/cards/water.yaml";
const ANCHORS = "/course/source/anchors.yaml";
const RIVERS = "/course/units/01-water/01-rivers.md";
const clean: Record<string, string> = {
  ...base,
  [ANCHORS]: base[ANCHORS]!.replace("  opening: A Tiny Essay\n", "  opening: A Tiny Essay\n  furniture: true\n"),
};

function compile(changes: Record<string, string> = {}): CompileResult {
  return compileCourse("/course", memoryContentFs({ ...clean, ...changes }));
}

function withCards(yaml: string): Record<string, string> {
  return { [CARDS]: `${clean[CARDS]}\n${yaml}` };
}

const codes = (problems: ContentError[]) => problems.map((problem) => `${problem.file.replace("/course/", "")}:${problem.line} ${problem.code}`);
const errorsOf = (result: CompileResult) => (result.ok ? [] : result.errors);

describe("the quality gate", () => {
  it("passes the clean fixture with no errors and no warnings", () => {
    const result = compile();
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([]);
  });

  it("warns when two cards that are not deletions of one note cite the same quote", () => {
    const result = compile(
      withCards(`
- id: river-sea-again
  unit: water
  lesson: rivers
  kind: basic
  prompt: According to the essay, what do rivers do with water?
  answer: They carry it to the sea.
  source:
    anchor: p-rivers
    quote: Rivers carry water to the sea.
`),
    );
    expect(result.ok).toBe(true);
    expect(codes(result.warnings)).toEqual(["cards/water.yaml:42 quote-shared"]);
    expect(result.warnings[0]?.message).toContain("`river-sea`");
  });

  it("does not count cloze siblings, or basic cards grouped with `note:`, as sharing a quote", () => {
    const grouped = clean[CARDS]!.replace("  prompt: Where do rivers carry water?", "  note: river-facts\n  prompt: Where do rivers carry water?");
    const result = compile({
      [CARDS]: `${grouped}
- id: rivers-go
  unit: water
  lesson: rivers
  kind: basic
  note: river-facts
  prompt: According to the essay, what do rivers carry to the sea?
  answer: Water.
  source:
    anchor: p-rivers
    quote: Rivers carry water to the sea.
`,
    });
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([]);
    if (!result.ok) return;
    expect(result.bundle.cards.map((card) => [card.key, card.noteKey])).toEqual([
      ["river-delta#c1", "river-delta"],
      ["river-delta#c2", "river-delta"],
      ["river-sea", "river-facts"],
      ["rivers-go", "river-facts"],
      ["lake-holds", "lake-holds"],
    ]);
  });

  it("warns when a card's answer is printed in another card's prompt", () => {
    const result = compile(
      withCards(`
- id: lake-drains
  unit: water
  lesson: lakes
  kind: basic
  prompt: What drains a lake that holds still water?
  answer: Its outlet.
  source:
    anchor: p-lakes
    quote: A lake’s outlet drains it.
`),
    );
    expect(codes(result.warnings)).toEqual(["cards/water.yaml:34 answer-in-prompt"]);
    expect(result.warnings[0]?.message).toBe(
      'card `lake-drains` prints "Still water.", the answer of `lake-holds` (/course/cards/water.yaml:1)',
    );
    expect(formatContentWarning(result.warnings[0]!)).toMatch(/^\/course\/cards\/water\.yaml:\d+: warning \[[a-z-]+\] /);
  });

  it("rejects a cloze deletion of a stop word or a single letter", () => {
    const result = compile({
      [CARDS]: clean[CARDS]!.replace(
        "text: The {{c2::delta}} is where a {{c1::river}} meets the sea.",
        "text: '{{c3::The}} {{c2::delta}} is where {{c4::a}} {{c1::river}} meets the sea.'",
      ),
    });
    expect(codes(errorsOf(result))).toEqual(["cards/water.yaml:16 cloze-trivial-deletion", "cards/water.yaml:16 cloze-trivial-deletion"]);
    expect(errorsOf(result).map((error) => error.message).join("\n")).toMatch(/c3 \("The"\)[\s\S]*c4 \("a"\)/);
  });

  it("rejects an answer that is a bare citation", () => {
    const result = compile({ [CARDS]: clean[CARDS]!.replace("answer: Still water.", "answer: (Lake, 2001, p. 4)") });
    expect(codes(errorsOf(result))).toEqual(["cards/water.yaml:6 answer-bare-citation"]);
  });

  it("rejects a list answer of more than three items", () => {
    const result = compile({ [CARDS]: clean[CARDS]!.replace("answer: Still water.", "answer: Water, fish, weeds and mud.") });
    expect(codes(errorsOf(result))).toEqual(["cards/water.yaml:6 answer-long-list"]);
    expect(compile({ [CARDS]: clean[CARDS]!.replace("answer: Still water.", "answer: Water, fish and weeds.") }).ok).toBe(true);
  });

  it("rejects a source quote of fewer than four words", () => {
    const result = compile({ [CARDS]: clean[CARDS]!.replace("quote: Lakes hold still water.", "quote: still water.") });
    expect(codes(errorsOf(result))).toEqual(["cards/water.yaml:9 quote-too-short"]);
  });

  it("warns about a paragraph of prose with no card, and about a sentence with more than three cards", () => {
    const uncovered = compile({ [CARDS]: clean[CARDS]!.replace(/- id: lake-holds[\s\S]*?tags: \[lakes\]\n/, "") });
    expect(codes(uncovered.warnings)).toEqual(["source/essay.txt:5 paragraph-uncovered"]);

    const overloaded = compile(
      withCards(`
- id: river-delta-more
  unit: water
  lesson: rivers
  kind: cloze
  text: The {{c1::delta}} is where a river meets {{c2::the sea}}.
  source:
    anchor: p-rivers
    quote: is where a river meets the sea.
`),
    );
    expect(errorsOf(overloaded)).toEqual([]);
    expect(codes(overloaded.warnings)).toEqual(["cards/water.yaml:41 sentence-overloaded"]);
    expect(overloaded.warnings.find((warning) => warning.code === "sentence-overloaded")?.message).toMatch(/has 4 cards .*river-delta, river-delta-more/);
  });

  it("rejects quoted text in a lesson body or key term that is not verbatim in the source", () => {
    const lesson = clean[RIVERS]!;
    const result = compile({
      [RIVERS]: lesson
        .replace("definition: Where a river meets the sea.", "definition: In the essay's words, “where rivers meet seas”.")
        .replace("- deltas", "> The essay says “Rivers carry water to the ocean.”\n\n- deltas"),
    });
    expect(codes(errorsOf(result))).toEqual(["units/01-water/01-rivers.md:9 lesson-quote-not-verbatim", "units/01-water/01-rivers.md:17 lesson-quote-not-verbatim"]);
    const verbatim = compile({
      [RIVERS]: lesson.replace("- deltas", "> “Rivers carry water to the sea.” … “Some rivers never …”\n\n- deltas"),
    });
    expect(errorsOf(verbatim)).toEqual([]);
  });

  it("reports coverage per unit: card faces per paragraph and sentences cited", () => {
    const result = compile();
    expect(result.coverage).toEqual([
      {
        unitKey: "water",
        title: "Water",
        cards: 4,
        paragraphs: [
          { anchor: "p-rivers", cards: 3, sentences: 3, sentencesCited: 2, mostOnOneSentence: 2 },
          { anchor: "p-lakes", cards: 1, sentences: 3, sentencesCited: 1, mostOnOneSentence: 1 },
        ],
      },
    ]);
  });

  it("can report the firm rules as warnings, to compile content written before the gate", () => {
    const changes = { [CARDS]: clean[CARDS]!.replace("answer: Still water.", "answer: (Lake, 2001)") };
    expect(compile(changes).ok).toBe(false);
    const reported = compileCourse("/course", memoryContentFs({ ...clean, ...changes }), { qualityErrors: "report" });
    expect(reported.ok).toBe(true);
    expect(codes(reported.warnings)).toEqual(["cards/water.yaml:6 answer-bare-citation"]);
  });
});

describe("cards citing several passages", () => {
  const twoSources = `
- id: water-both
  unit: water
  lesson: rivers
  kind: basic
  prompt: What do the essay's rivers and lakes have in common?
  answer: Both hold or carry water.
  sources:
    - anchor: p-rivers
      quote: Rivers carry water to the sea.
    - anchor: p-lakes
      quote: Lakes hold still water.
`;
  const lessonWithBoth = { [RIVERS]: clean[RIVERS]!.replace("passages: [p-rivers]", "passages: [p-rivers, p-lakes]") };

  it("keeps every cited passage in `sources`, the first also as `source`", () => {
    const result = compile({ ...withCards(twoSources), ...lessonWithBoth });
    expect(errorsOf(result)).toEqual([]);
    if (!result.ok) return;
    const card = result.bundle.cards.find((entry) => entry.key === "water-both");
    expect(card?.source).toEqual({ anchor: "p-rivers", quote: "Rivers carry water to the sea." });
    expect(card?.sources).toEqual([
      { anchor: "p-rivers", quote: "Rivers carry water to the sea." },
      { anchor: "p-lakes", quote: "Lakes hold still water." },
    ]);
    // A single-source card's hash does not change because the format can now hold several.
    const single = result.bundle.cards.find((entry) => entry.key === "lake-holds");
    const plain = compile();
    expect(single?.contentHash).toBe(plain.ok ? plain.bundle.cards.find((entry) => entry.key === "lake-holds")?.contentHash : "");
  });

  it("checks each passage like a single source: its lesson must list it, its quote must be verbatim", () => {
    const result = compile(withCards(twoSources.replace("quote: Lakes hold still water.", "quote: Lakes hold calm water.")));
    expect(codes(errorsOf(result))).toEqual(["cards/water.yaml:43 anchor-not-in-lesson"]);
    const misquoted = compile({ ...withCards(twoSources.replace("quote: Lakes hold still water.", "quote: Lakes hold calm water.")), ...lessonWithBoth });
    expect(codes(errorsOf(misquoted))).toEqual(["cards/water.yaml:44 quote-not-verbatim"]);
  });

  it("rejects `source` and `sources` together, and `sources` with one passage", () => {
    const both = compile(withCards(twoSources.replace("  sources:", "  source:\n    anchor: p-rivers\n    quote: Rivers carry water to the sea.\n  sources:")));
    expect(codes(errorsOf(both))).toEqual(["cards/water.yaml:44 invalid-field"]);
    const one = compile(withCards(twoSources.replace(/    - anchor: p-lakes\n      quote: Lakes hold still water.\n/, "")));
    expect(errorsOf(one)).toHaveLength(1);
    expect(errorsOf(one)[0]?.message).toMatch(/`sources` must list at least 2/);
  });
});

describe("the gate's helpers", () => {
  it("normalises text for loose comparison", () => {
    expect(normalise("“Victim identification.”")).toBe("victim identification");
    expect(normalise("To the sea!", { dropLeadingFunctionWords: true })).toBe("sea");
  });

  it("recognises bare citations, and not answers that mention a source", () => {
    for (const answer of ["(Weitzer, 2011, p. 1337)", "McGough, 2013", "(Office on Trafficking in Persons, 2015).", "2015", "p. 1337"]) {
      expect(isBareCitation(answer), answer).toBe(true);
    }
    for (const answer of ["Weitzer", "Over 20 cities (as of 2015).", "Victim identification."]) {
      expect(isBareCitation(answer), answer).toBe(false);
    }
  });

  it("counts list items only when the parts are short", () => {
    expect(listItems("Funds, healthcare, housing and legal support.")).toBe(4);
    expect(listItems("It trains law enforcement, healthcare providers and social service agencies.")).toBe(3);
    expect(listItems("They provide services that help victims enter back into society and attempt to live a normal life again.")).toBe(1);
  });
});
