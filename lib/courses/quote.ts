/**
 * Finds a card's source quote inside its essay paragraph, tolerant of the differences a quote picks
 * up when copied into YAML: runs of whitespace, curly versus straight quotes, dashes, and letter case.
 * Returns the paragraph split around the match, or null when the quote is not in the paragraph.
 * Pure: used by the review client's source sheet.
 */
export type QuoteSplit = { before: string; match: string; after: string };

const FOLD: Record<string, string> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u2013": "-",
  "\u2014": "-",
  "\u00a0": " ",
};

/** Normalised text plus, for each of its characters, the index of the original character. */
function normalise(text: string): { folded: string; map: number[] } {
  let folded = "";
  const map: number[] = [];
  let lastWasSpace = true;
  for (let index = 0; index < text.length; index += 1) {
    const raw = text[index]!;
    const char = (FOLD[raw] ?? raw).toLowerCase();
    if (/\s/.test(char)) {
      if (lastWasSpace) continue;
      folded += " ";
      map.push(index);
      lastWasSpace = true;
      continue;
    }
    folded += char;
    map.push(index);
    lastWasSpace = false;
  }
  return { folded, map };
}

export function splitAroundQuote(paragraph: string, quote: string): QuoteSplit | null {
  const needle = normalise(quote).folded.trim();
  if (!needle) return null;
  const { folded, map } = normalise(paragraph);
  const at = folded.indexOf(needle);
  if (at < 0) return null;
  const start = map[at]!;
  const end = map[at + needle.length - 1]! + 1;
  return { before: paragraph.slice(0, start), match: paragraph.slice(start, end), after: paragraph.slice(end) };
}

/** The cloze prompt split at its `[…]` placeholders, each paired with the text that fills it. */
export const CLOZE_PLACEHOLDER = "[…]";

export function clozeParts(prompt: string, answer: string): { text: string; fill?: string }[] {
  const pieces = prompt.split(CLOZE_PLACEHOLDER);
  const gaps = pieces.length - 1;
  const answers = answer.split("; ");
  const fills = gaps > 1 && answers.length === gaps ? answers : Array.from({ length: gaps }, () => answer);
  const parts: { text: string; fill?: string }[] = [];
  pieces.forEach((piece, index) => {
    if (piece) parts.push({ text: piece });
    if (index < gaps) parts.push({ text: CLOZE_PLACEHOLDER, fill: fills[index] ?? answer });
  });
  return parts;
}

/** Every passage a queued card cites: its `sources`, or its single `source` in a queue saved before cards listed them. */
export function citedPassages(card: { source: { anchor: string; quote: string }; sources?: { anchor: string; quote: string }[] }) {
  return card.sources && card.sources.length > 0 ? card.sources : [card.source];
}
