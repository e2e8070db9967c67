import { describe, expect, it } from "vitest";
import { compileCourse, formatContentError, memoryContentFs, type ContentError } from "@/lib/content";
import { filesOf, fixture, relativeErrors } from "./support";

function errorsOf(name: string): ContentError[] {
  const dir = fixture(name);
  const result = compileCourse(dir);
  if (result.ok) throw new Error(`${name} compiled without errors`);
  return relativeErrors(dir, result.errors);
}

const cards = "cards/a-cards.yaml";

const brokenCards: ContentError[] = [
  {
    file: cards,
    line: 9,
    code: "duplicate-id",
    message: "card id `lake-holds` is already used at cards/a-cards.yaml:1",
  },
  { file: cards, line: 18, code: "unknown-unit", message: "unknown unit `oceans`" },
  { file: cards, line: 27, code: "unknown-lesson", message: "unit `water` has no lesson `ponds`" },
  { file: cards, line: 39, code: "unknown-anchor", message: "unknown essay anchor `p-ponds`" },
  {
    file: cards,
    line: 47,
    code: "anchor-not-in-lesson",
    message: "anchor `p-rivers` is not among the passages of lesson `lakes`",
  },
  {
    file: cards,
    line: 57,
    code: "quote-not-verbatim",
    message:
      "quote is not verbatim in paragraph `p-rivers` (it matches only when quote marks, apostrophes, dashes and spacing are ignored: copy the essay's characters exactly)",
  },
  {
    file: cards,
    line: 67,
    code: "quote-not-verbatim",
    message: "quote is not verbatim in paragraph `p-rivers` (it is in paragraph `p-lakes`)",
  },
  {
    file: cards,
    line: 77,
    code: "quote-spans-gap",
    message: 'quote runs across a "…show more content…" gap in `p-rivers`; quote text from one side of the gap only',
  },
  {
    file: cards,
    line: 87,
    code: "quote-spans-gap",
    message: 'quote runs across a "…show more content…" gap in `p-lakes`; quote text from one side of the gap only',
  },
  { file: cards, line: 93, code: "cloze-unbalanced", message: "unbalanced cloze braces: a `{{` is never closed" },
  { file: cards, line: 100, code: "cloze-no-deletions", message: "cloze text has no deletions like `{{c1::…}}`" },
  { file: cards, line: 107, code: "cloze-empty-deletion", message: "deletion c1 is empty" },
  {
    file: cards,
    line: 114,
    code: "cloze-hint",
    message: "deletion c1 has a hint (`::`); cloze hints are not supported",
  },
  { file: cards, line: 121, code: "cloze-malformed", message: "deletion `{{delta}}` must look like `{{c1::text}}`" },
  { file: cards, line: 128, code: "empty-field", message: "`prompt` must not be empty" },
  {
    file: cards,
    line: 132,
    code: "missing-source",
    message: "card has no `source`: every card must cite an essay anchor and quote",
  },
  { file: cards, line: 139, code: "missing-field", message: "`answer` is required" },
  { file: cards, line: 149, code: "invalid-field", message: '`kind` must be one of "basic", "cloze"' },
  {
    file: cards,
    line: 154,
    code: "invalid-field",
    message: "`id` must be lowercase letters and digits joined by single hyphens, e.g. `legal-definitions`",
  },
  { file: cards, line: 160, code: "unknown-field", message: "unknown field `hint`" },
];

const lessons = "units/01-water";
const brokenCourse: ContentError[] = [
  { file: "cards", line: 1, code: "file-missing", message: "no cards: add a cards/<unit>.yaml file" },
  { file: "course.yaml", line: 1, code: "missing-field", message: "`audience` is required" },
  { file: "course.yaml", line: 2, code: "unknown-field", message: "unknown field `titel`" },
  { file: "course.yaml", line: 4, code: "empty-field", message: "`contentNote` must not be empty" },
  {
    file: "course.yaml",
    line: 8,
    code: "invalid-field",
    message: "`supportResources[0].href` must be an https:, tel:, sms: or mailto: link",
  },
  {
    file: "course.yaml",
    line: 11,
    code: "invalid-field",
    message: "`source.citation` must be text (quote it if YAML reads it as a number or date)",
  },
  {
    file: "source/anchors.yaml",
    line: 6,
    code: "anchor-mismatch",
    message:
      'anchor `p-rivers` expects paragraph 1 to open with "Streams carry water", but it opens with "Rivers carry water "',
  },
  { file: "source/anchors.yaml", line: 7, code: "duplicate-anchor", message: "anchor `p-title` is declared twice" },
  {
    file: "source/anchors.yaml",
    line: 11,
    code: "anchor-out-of-range",
    message: "anchor `p-extra` points at paragraph 9, but the essay's paragraphs are numbered 0–2",
  },
  {
    file: "source/anchors.yaml",
    line: 14,
    code: "duplicate-anchor",
    message: "paragraph 0 already has anchor `p-title`",
  },
  {
    file: "source/essay.txt",
    line: 5,
    code: "paragraph-without-anchor",
    message: 'paragraph 2 ("Lakes hold still water. A lake’s …") has no anchor',
  },
  {
    file: `${lessons}/02-no-front-matter.md`,
    line: 1,
    code: "front-matter-missing",
    message: "file must start with YAML front matter between `---` lines",
  },
  {
    file: `${lessons}/03-unclosed.md`,
    line: 1,
    code: "front-matter-unclosed",
    message: "front matter opened with `---` is never closed",
  },
  {
    file: `${lessons}/04-duplicate.md`,
    line: 2,
    code: "duplicate-key",
    message: "lesson key `rivers` is already used at units/01-water/01-rivers.md:2",
  },
  {
    file: `${lessons}/04-duplicate.md`,
    line: 3,
    code: "duplicate-order",
    message: "lesson order 1 in this unit is already used at units/01-water/01-rivers.md:3",
  },
  {
    file: `${lessons}/05-bad-yaml.md`,
    line: 4,
    code: "yaml-syntax",
    message: "YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]",
  },
  { file: `${lessons}/06-invalid.md`, line: 3, code: "invalid-field", message: "`order` must be a number" },
  {
    file: `${lessons}/06-invalid.md`,
    line: 5,
    code: "empty-field",
    message: "`objectives` must list at least one item",
  },
  {
    file: "units/02-more/unit.md",
    line: 1,
    code: "unit-without-lessons",
    message: "unit has no lessons: add a lesson .md file beside it",
  },
  { file: "units/02-more/unit.md", line: 5, code: "empty-field", message: "`summary` must not be empty" },
  { file: "units/03-orphan/unit.md", line: 1, code: "file-missing", message: "file is missing" },
];

describe.each([
  ["broken-cards", brokenCards],
  ["broken-course", brokenCourse],
])("fixture %s", (name, expected) => {
  it("reports every problem, in file and line order, and nothing else", () => {
    expect(errorsOf(name)).toEqual(expected);
  });

  it.each(expected.map((error) => [`${error.code} at ${error.file}:${error.line}`, error] as const))(
    "reports %s",
    (_, error) => {
      expect(errorsOf(name)).toContainEqual(error);
    },
  );
});

describe("compileCourse problems found in memory", () => {
  const valid = filesOf(fixture("valid"));

  function compileWith(changes: Record<string, string>, dir = "/course") {
    const files = Object.fromEntries(
      Object.entries({ ...valid, ...changes }).map(([path, text]) => [path.replace(/^\/course/, dir), text]),
    );
    return compileCourse(dir, memoryContentFs(files));
  }

  it("reports a course directory name that is not a slug", () => {
    const result = compileWith({}, "/Water Basics");
    expect(result.ok ? [] : result.errors).toEqual([
      {
        file: "/Water Basics/course.yaml",
        line: 1,
        code: "invalid-field",
        message:
          "course directory name `Water Basics` is its slug and must be lowercase letters and digits joined by single hyphens, e.g. `legal-definitions`",
      },
    ]);
  });

  it("rejects a quote that carries the gap marker itself", () => {
    const cards = valid["/course/cards/water.yaml"]!.replace(
      "quote: Rivers carry water to the sea.",
      "quote: Some rivers never …show more content…",
    );
    const result = compileWith({ "/course/cards/water.yaml": cards });
    expect(result.ok ? [] : result.errors.map((error) => error.code)).toEqual(["quote-spans-gap"]);
  });

  it("reports only the first YAML syntax error of a file, since later ones are its echoes", () => {
    const result = compileWith({
      "/course/cards/water.yaml": "- id: x\n  prompt: [unclosed\n  answer: A.\n  kind: {\n",
    });
    expect(result.ok ? [] : result.errors).toEqual([
      {
        file: "/course/cards/water.yaml",
        line: 3,
        code: "yaml-syntax",
        message: "YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]",
      },
    ]);
  });

  it("reports unknown lesson passages", () => {
    const lesson = valid["/course/units/01-water/02-lakes.md"]!.replace(
      "passages: [p-lakes]",
      "passages: [p-lakes, p-seas]",
    );
    const result = compileWith({ "/course/units/01-water/02-lakes.md": lesson });
    expect(result.ok ? [] : result.errors).toEqual([
      {
        file: "/course/units/01-water/02-lakes.md",
        line: 7,
        code: "unknown-anchor",
        message: "unknown essay anchor `p-seas`",
      },
    ]);
  });

  it("reports a cloze `{{` nested in another deletion and a stray `}}`", () => {
    const nested = valid["/course/cards/water.yaml"]!.replace("{{c2::delta}}", "{{c2::{{c1::delta}}}}");
    const stray = valid["/course/cards/water.yaml"]!.replace("{{c2::delta}}", "delta}}");
    const messages = (cards: string) => {
      const result = compileWith({ "/course/cards/water.yaml": cards });
      return result.ok ? [] : result.errors.map((error) => error.message);
    };
    expect(messages(nested)).toEqual(["unbalanced cloze braces: a `{{` opens inside another deletion"]);
    expect(messages(stray)).toEqual(["unbalanced cloze braces: a `}}` closes no deletion"]);
  });
});

describe("formatContentError", () => {
  it("formats an error as file:line: message", () => {
    expect(
      formatContentError({ file: "cards/a.yaml", line: 12, code: "unknown-unit", message: "unknown unit `x`" }),
    ).toBe("cards/a.yaml:12: unknown unit `x`");
  });
});
