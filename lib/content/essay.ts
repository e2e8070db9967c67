import { z } from "zod";
import type { SourceParagraph } from "./bundle";
import type { ContentError } from "./errors";
import { validate, yamlError, type YamlSource } from "./yaml-source";
import { anchorName, nonBlank } from "./schemas";

/** Where the excerpt's publisher cut text out; nothing may be quoted or inferred across it. */
export const GAP_MARKER = "…show more content…";

interface Paragraph {
  index: number;
  furniture: boolean;
  /** 1-based line of the essay file on which the paragraph starts. */
  line: number;
  text: string;
  gapBefore: boolean;
  gapAfter: boolean;
}

export interface Essay {
  paragraphs: SourceParagraph[];
  /** Every declared anchor name, including ones whose entry has errors. */
  declaredAnchors: Set<string>;
  /** 1-based line of the essay file on which paragraph `index` starts. */
  lineOfParagraph(index: number): number;
  /** Checks a card's quote against the paragraph an anchor names; undefined when it is fine. */
  checkQuote(anchor: string, quote: string): Pick<ContentError, "code" | "message"> | undefined;
}

const anchorsSchema = z.array(
  z.strictObject({
    anchor: anchorName,
    index: z.number().int().min(0),
    opening: nonBlank,
    /** For a cut the source does not mark, such as an excerpt that ends mid-sentence. */
    gapAfter: z.boolean().optional(),
    /** The whole paragraph is page furniture (a title, a word count), not the author's prose. */
    furniture: z.boolean().optional(),
    /** Page furniture the paragraph opens with (e.g. "Assignment 2"); students never see it as essay text. */
    leadingFurniture: nonBlank.optional(),
  }),
);

/** Blank lines separate paragraphs; a paragraph keeps its own line breaks. */
export function splitParagraphs(essayText: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let current: { line: number; lines: string[] } | undefined;
  const flush = () => {
    if (current) paragraphs.push(toParagraph(paragraphs.length, current.line, current.lines.join("\n")));
    current = undefined;
  };
  essayText.split(/\r?\n/).forEach((line, lineIndex) => {
    if (line.trim() === "") flush();
    else if (current) current.lines.push(line);
    else current = { line: lineIndex + 1, lines: [line] };
  });
  flush();
  for (const [index, paragraph] of paragraphs.entries()) {
    paragraph.gapBefore ||= paragraphs[index - 1]?.gapAfter ?? false;
    paragraph.gapAfter ||= paragraphs[index + 1]?.gapBefore ?? false;
  }
  return paragraphs;
}

function toParagraph(index: number, line: number, raw: string): Paragraph {
  let text = raw.trim();
  const gapBefore = text.startsWith(GAP_MARKER);
  if (gapBefore) text = text.slice(GAP_MARKER.length).trimStart();
  const gapAfter = text.endsWith(GAP_MARKER);
  if (gapAfter) text = text.slice(0, -GAP_MARKER.length).trimEnd();
  return { index, line, text, gapBefore, gapAfter, furniture: false };
}

export function readEssay(
  essayFile: string,
  essayText: string,
  anchors: YamlSource,
): { essay: Essay; errors: ContentError[] } {
  const paragraphs = splitParagraphs(essayText);
  const errors: ContentError[] = [];
  const declaredAnchors = new Set<string>();
  const usable = new Map<string, Paragraph>();
  const anchorOfIndex = new Map<number, string>();

  const rawEntries = Array.isArray(anchors.value) ? anchors.value : [];
  for (const raw of rawEntries) {
    const name = (raw as { anchor?: unknown } | null)?.anchor;
    if (typeof name === "string") declaredAnchors.add(name);
  }

  const parsed = validate(anchorsSchema, anchors);
  if (!parsed.ok) errors.push(...parsed.errors);
  const entries = parsed.ok ? parsed.value : [];
  const seenNames = new Set<string>();
  for (const [position, entry] of entries.entries()) {
    const at = (field: string) => [position, field];
    const paragraph = paragraphs[entry.index];
    if (seenNames.has(entry.anchor)) {
      errors.push(yamlError(anchors, at("anchor"), "duplicate-anchor", `anchor \`${entry.anchor}\` is declared twice`));
      continue;
    }
    seenNames.add(entry.anchor);
    if (!paragraph) {
      const last = paragraphs.length - 1;
      errors.push(
        yamlError(
          anchors,
          at("index"),
          "anchor-out-of-range",
          `anchor \`${entry.anchor}\` points at paragraph ${entry.index}, but the essay's paragraphs are numbered 0–${last}`,
        ),
      );
      continue;
    }
    const holder = anchorOfIndex.get(entry.index);
    if (holder !== undefined) {
      errors.push(
        yamlError(
          anchors,
          at("index"),
          "duplicate-anchor",
          `paragraph ${entry.index} already has anchor \`${holder}\``,
        ),
      );
      continue;
    }
    anchorOfIndex.set(entry.index, entry.anchor);
    const text = unwrapped(paragraph.text);
    if (!text.startsWith(entry.opening)) {
      const actual = text.slice(0, entry.opening.length);
      errors.push(
        yamlError(
          anchors,
          at("opening"),
          "anchor-mismatch",
          `anchor \`${entry.anchor}\` expects paragraph ${entry.index} to open with "${entry.opening}", but it opens with "${actual}"`,
        ),
      );
      continue;
    }
    if (entry.leadingFurniture !== undefined) {
      if (!text.startsWith(entry.leadingFurniture)) {
        const message = `anchor \`${entry.anchor}\` declares leading furniture "${entry.leadingFurniture}", but paragraph ${entry.index} does not open with it`;
        errors.push(yamlError(anchors, at("leadingFurniture"), "anchor-mismatch", message));
        continue;
      }
      paragraph.text = unwrapped(paragraph.text).slice(entry.leadingFurniture.length).trimStart();
    }
    if (entry.gapAfter) paragraph.gapAfter = true;
    if (entry.furniture) paragraph.furniture = true;
    usable.set(entry.anchor, paragraph);
  }
  for (const [index, paragraph] of paragraphs.entries()) {
    paragraph.gapBefore ||= paragraphs[index - 1]?.gapAfter ?? false;
  }

  if (parsed.ok) {
    for (const paragraph of paragraphs) {
      if (anchorOfIndex.has(paragraph.index)) continue;
      errors.push({
        file: essayFile,
        line: paragraph.line,
        code: "paragraph-without-anchor",
        message: `paragraph ${paragraph.index} ("${openingWords(paragraph.text)}") has no anchor`,
      });
    }
  }

  const essay: Essay = {
    paragraphs: paragraphs.map(({ index, text, gapBefore, gapAfter, furniture }) => ({
      anchor: anchorOfIndex.get(index) ?? "",
      index,
      text,
      gapBefore,
      gapAfter,
      furniture,
    })),
    declaredAnchors,
    lineOfParagraph: (index) => paragraphs[index]?.line ?? 1,
    checkQuote(anchor, quote) {
      const paragraph = usable.get(anchor);
      // An anchor with its own error is reported there; checking quotes against it would only add noise.
      if (!paragraph) return undefined;
      return checkQuote(paragraphs, paragraph, anchor, quote, (index) => anchorOfIndex.get(index));
    },
  };
  return { essay, errors };
}

function checkQuote(
  paragraphs: Paragraph[],
  paragraph: Paragraph,
  anchor: string,
  quote: string,
  anchorOf: (index: number) => string | undefined,
): Pick<ContentError, "code" | "message"> | undefined {
  const pieces = unwrapped(paragraph.text)
    .split(GAP_MARKER)
    .map((piece) => piece.trim());
  const inOnePiece = (candidates: string[]) => candidates.some((piece) => piece.includes(quote));
  if (!quote.includes(GAP_MARKER) && inOnePiece(pieces)) return undefined;

  const neighbour = (index: number) => {
    const text = paragraphs[index]?.text;
    return text === undefined ? undefined : unwrapped(text);
  };
  const before = paragraph.gapBefore ? neighbour(paragraph.index - 1) : undefined;
  const after = paragraph.gapAfter ? neighbour(paragraph.index + 1) : undefined;
  const bridged = [before, ...pieces, after].filter((piece) => piece !== undefined);
  const joints = [" ", "", "\n", ` ${GAP_MARKER} `, GAP_MARKER];
  const acrossGap = !inOnePiece(bridged) && joints.some((joint) => bridged.join(joint).includes(quote));
  if (quote.includes(GAP_MARKER) || acrossGap) {
    return {
      code: "quote-spans-gap",
      message: `quote runs across a "${GAP_MARKER}" gap in \`${anchor}\`; quote text from one side of the gap only`,
    };
  }
  const elsewhere = paragraphs.find((other) => other !== paragraph && unwrapped(other.text).includes(quote));
  const hint = elsewhere
    ? ` (it is in paragraph \`${anchorOf(elsewhere.index) ?? elsewhere.index}\`)`
    : loosely(paragraph.text).includes(loosely(quote))
      ? " (it matches only when quote marks, apostrophes, dashes and spacing are ignored: copy the essay's characters exactly)"
      : "";
  return { code: "quote-not-verbatim", message: `quote is not verbatim in paragraph \`${anchor}\`${hint}` };
}

/** A line break inside a paragraph is a soft wrap, so quotes may use a space there (YAML folding does). */
function unwrapped(text: string): string {
  return text.replace(/[ \t]*\r?\n[ \t]*/g, " ");
}

function loosely(text: string): string {
  return text
    .replace(/[‘’ʼ′`]/g, "'")
    .replace(/[“”″]/g, '"')
    .replace(/[‐‑‒–—]/g, "-")
    .replace(/\s+/g, " ")
    .toLowerCase();
}

function openingWords(text: string): string {
  const words = text.split(/\s+/).slice(0, 6).join(" ");
  return words.length < text.length ? `${words} …` : words;
}
