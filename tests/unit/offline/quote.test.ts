import { describe, expect, it } from "vitest";
import { clozeParts, splitAroundQuote } from "@/lib/courses/quote";

describe("source quote highlighting", () => {
  it("finds the quote despite curly quotes, line breaks and case", () => {
    const paragraph = "Intro. \u201cAdults who sell sex willingly\u201d (Weitzer, 2011). Outro.";
    const split = splitAroundQuote(paragraph, '"adults who sell\n  sex willingly"');
    expect(split).toEqual({ before: "Intro. ", match: "\u201cAdults who sell sex willingly\u201d", after: " (Weitzer, 2011). Outro." });
  });

  it("returns null when the quote is not in the paragraph", () => {
    expect(splitAroundQuote("Nothing here.", "missing words")).toBeNull();
    expect(splitAroundQuote("Anything.", "   ")).toBeNull();
  });
});

describe("cloze parts", () => {
  it("pairs each gap with its answer", () => {
    expect(clozeParts("Under U.S. law, […] who sell sex", "adults")).toEqual([
      { text: "Under U.S. law, " },
      { text: "[…]", fill: "adults" },
      { text: " who sell sex" },
    ]);
  });

  it("splits an answer listing several deletions across the gaps", () => {
    expect(clozeParts("[…] and […].", "one; two")).toEqual([
      { text: "[…]", fill: "one" },
      { text: " and " },
      { text: "[…]", fill: "two" },
      { text: "." },
    ]);
  });
});
