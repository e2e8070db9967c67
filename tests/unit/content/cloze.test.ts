import { describe, expect, it } from "vitest";
import { parseCloze } from "@/lib/content/cloze";

describe("parseCloze", () => {
  it("makes one card per deletion number, in number order, allowing gaps in the numbering", () => {
    expect(parseCloze("{{c3::Lakes}} hold {{c1::still}} water.").cards).toEqual([
      { number: 1, prompt: "Lakes hold […] water.", answer: "still" },
      { number: 3, prompt: "[…] hold still water.", answer: "Lakes" },
    ]);
  });

  it("hides every deletion that shares a number on the same card", () => {
    expect(parseCloze("{{c1::Rivers}} and {{c1::lakes}} hold water.").cards).toEqual([
      { number: 1, prompt: "[…] and […] hold water.", answer: "Rivers; lakes" },
    ]);
  });

  it.each([
    ["no deletions", "cloze-no-deletions"],
    ["{{c1::open", "cloze-unbalanced"],
    ["close}} {{c1::x}}", "cloze-unbalanced"],
    ["{{c1::{{c2::x}}}}", "cloze-unbalanced"],
    ["{{c1::}}", "cloze-empty-deletion"],
    ["{{c1::   }}", "cloze-empty-deletion"],
    ["{{c1::x::hint}}", "cloze-hint"],
    ["{{c0::x}}", "cloze-malformed"],
    ["{{x}}", "cloze-malformed"],
  ])("rejects %j with %s", (note, code) => {
    const { cards, problems } = parseCloze(note);
    expect(cards).toEqual([]);
    expect(problems.map((problem) => problem.code)).toEqual([code]);
  });

  it("reports every bad deletion in a note", () => {
    expect(parseCloze("{{c1::}} and {{c2::x::y}}").problems.map((problem) => problem.code)).toEqual([
      "cloze-empty-deletion",
      "cloze-hint",
    ]);
  });
});
