import { GAP_MARKER } from "@/lib/content/essay";
import { SOURCE_LIMIT_CHARS, type ParagraphKind, type StudioParagraph } from "./draft";

/**
 * Turns pasted or uploaded text into the studio's source: paragraphs (blank-line separated, soft
 * wraps joined), each with a stable anchor, headings and page furniture recognised. Pure; `.docx`
 * files are converted to text by lib/studio/upload.ts first.
 */

export class SourceImportError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ImportedSource {
  /** The text as the compiler will read it: one line per paragraph, paragraphs separated by a blank line. */
  text: string;
  paragraphs: StudioParagraph[];
}

const WORD_COUNT = /^\d[\d,.]*\s+(?:words?|pages?)(?:\s*[,·|-]?\s*\d[\d,.]*\s+(?:words?|pages?))*\.?$/i;
const PAGE_LINE = /^(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s*\/\s*\d+|-\s*\d+\s*-)$/i;
const SHOW_MORE = /^(?:…|\.\.\.)?\s*(?:show|read|see)\s+more(?:\s+content)?\s*(?:…|\.\.\.)?$/i;
const MARKDOWN_HEADING = /^#{1,6}\s+/;

/** Splits and marks the source; `markdown` strips heading markers (`# Title`) and keeps them as headings. */
export function importSource(raw: string, options: { markdown?: boolean } = {}): ImportedSource {
  if (raw.includes("\u0000") || /[\u0001-\u0008\u000e-\u001f]/.test(raw)) {
    throw new SourceImportError("sourceText", "looks like a binary file, not text: upload .txt, .md or .docx");
  }
  const normalised = raw.replace(/\r\n?/g, "\n").replace(/\u00a0/g, " ");
  if (normalised.trim() === "") throw new SourceImportError("sourceText", "is empty: paste the text or upload a file");
  if (normalised.length > SOURCE_LIMIT_CHARS) {
    throw new SourceImportError(
      "sourceText",
      `is ${normalised.length.toLocaleString("en-US")} characters, over the limit of ${SOURCE_LIMIT_CHARS.toLocaleString("en-US")}`,
    );
  }
  const blocks: { text: string; kind: ParagraphKind }[] = [];
  for (const block of normalised.split(/\n[ \t]*\n/)) {
    const lines = block
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
    if (lines.length === 0) continue;
    // A Markdown heading line starts its own paragraph even without a blank line after it.
    let prose: string[] = [];
    const flush = () => {
      if (prose.length) blocks.push({ text: prose.join(" "), kind: "prose" });
      prose = [];
    };
    for (const line of lines) {
      if (options.markdown && MARKDOWN_HEADING.test(line)) {
        flush();
        blocks.push({ text: line.replace(MARKDOWN_HEADING, "").replace(/\s+#+$/, "").trim(), kind: "heading" });
      } else {
        prose.push(line);
      }
    }
    flush();
  }
  for (const [index, block] of blocks.entries()) {
    if (block.kind !== "prose") continue;
    if (isFurniture(block.text)) block.kind = "furniture";
    else if (looksLikeHeading(block.text, blocks[index + 1]?.text)) block.kind = "heading";
  }
  // A "show more" gap between paragraphs becomes the compiler's gap marker on the paragraph before it,
  // so no quote can bridge the cut.
  const kept: typeof blocks = [];
  for (const block of blocks) {
    if (block.text === "") continue;
    if (block.kind === "furniture" && isGap(block.text)) {
      const previous = kept.at(-1);
      if (previous && previous.kind === "prose" && !previous.text.endsWith(GAP_MARKER)) previous.text = `${previous.text} ${GAP_MARKER}`;
      continue;
    }
    kept.push(block);
  }
  if (!kept.some((block) => block.kind === "prose")) {
    throw new SourceImportError("sourceText", "has no paragraphs of prose, only headings or page furniture");
  }
  const used = new Set<string>();
  const paragraphs = kept.map((block, index) => ({ anchor: anchorFor(block.text, index, used), kind: block.kind, text: block.text }));
  return { text: `${paragraphs.map((paragraph) => paragraph.text).join("\n\n")}\n`, paragraphs };
}

/** Word counts, page numbers and "show more" gaps the publisher added; never quoted as the author's text. */
export function isFurniture(text: string): boolean {
  const flat = text.trim();
  if (flat === GAP_MARKER) return true;
  return WORD_COUNT.test(flat) || PAGE_LINE.test(flat) || SHOW_MORE.test(flat);
}

function isGap(text: string): boolean {
  return text.trim() === GAP_MARKER || SHOW_MORE.test(text.trim());
}

/** A short line without closing punctuation, followed by prose: a heading (the essay's title is one). */
function looksLikeHeading(text: string, next: string | undefined): boolean {
  const words = text.split(/\s+/).length;
  if (words > 12 || next === undefined) return false;
  if (/[.!?,;:…”"]$/.test(text)) return false;
  return /^[\p{Lu}\p{N}]/u.test(text);
}

/** `p-<n>-<first words>`: readable, unique, and fixed once made (cards cite it). */
function anchorFor(text: string, index: number, used: Set<string>): string {
  const words = text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9\s]/g, " ")
    .split(/\s+/)
    .filter((word) => word.length > 2)
    .slice(0, 3);
  let anchor = ["p", String(index + 1), ...words].join("-");
  for (let n = 2; used.has(anchor); n += 1) anchor = `p-${index + 1}-${n}`;
  used.add(anchor);
  return anchor;
}
