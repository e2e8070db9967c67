import { describe, expect, test } from "vitest";
import { GAP_MARKER } from "@/lib/content";
import { importSource, SourceImportError } from "@/lib/studio/source";

describe("importing a source", () => {
  test("splits paragraphs on blank lines, joins soft wraps, and names each with a unique anchor", () => {
    const source = importSource("A Title\n\nFirst line of prose\ncontinues here.\n\nSecond paragraph of prose.\n");
    expect(source.paragraphs.map((paragraph) => [paragraph.kind, paragraph.text])).toEqual([
      ["heading", "A Title"],
      ["prose", "First line of prose continues here."],
      ["prose", "Second paragraph of prose."],
    ]);
    expect(new Set(source.paragraphs.map((paragraph) => paragraph.anchor)).size).toBe(3);
    expect(source.text).toBe("A Title\n\nFirst line of prose continues here.\n\nSecond paragraph of prose.\n");
  });

  test("keeps Markdown headings as headings", () => {
    const source = importSource("# Title\nIntro text here.\n\n## Part two\n\nMore text follows.", { markdown: true });
    expect(source.paragraphs.map((paragraph) => paragraph.kind)).toEqual(["heading", "prose", "heading", "prose"]);
    expect(source.paragraphs[2]?.text).toBe("Part two");
  });

  test("marks page furniture and turns a 'show more' gap into the compiler's gap marker", () => {
    const source = importSource("1717 Words\n\nThe first part of the essay.\n\n…show more content…\n\nThe rest of it.\n\nPage 2 of 7");
    expect(source.paragraphs.map((paragraph) => [paragraph.kind, paragraph.text])).toEqual([
      ["furniture", "1717 Words"],
      ["prose", `The first part of the essay. ${GAP_MARKER}`],
      ["prose", "The rest of it."],
      ["furniture", "Page 2 of 7"],
    ]);
  });

  test.each([
    ["empty", "  \n\n ", /is empty/],
    ["binary", "PK\u0003\u0004\u0000\u0000", /binary/],
    ["oversized", "word ".repeat(20_001), /over the limit of 100,000/],
    ["only furniture", "1717 Words\n\nPage 1 of 2", /no paragraphs of prose/],
  ])("refuses %s text with a clear message", (_name, text, message) => {
    expect(() => importSource(text)).toThrow(SourceImportError);
    expect(() => importSource(text)).toThrow(message);
  });
});
