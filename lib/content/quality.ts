/**
 * The quality gate: rules that a course can break while still compiling. Errors are for the rules
 * that hold without exception (fidelity of quotes, trivial cloze gaps, citation or long-list
 * answers, quotes too short to show where a card comes from); warnings for the rules a human
 * must judge (shared quotes, an answer printed in another prompt, coverage). Pure.
 */
import type { CardCitation, SourceParagraph } from "./bundle";
import type { ContentError } from "./errors";
import { GAP_MARKER } from "./essay";

export interface QualityCard {
  id: string;
  noteKey: string;
  unitKey: string;
  faces: { key: string; prompt: string; answer: string }[];
  citations: CardCitation[];
  clozeDeletions: { number: number; text: string }[];
  /** Where things are, for messages. */
  lineOf(field: "card" | "answer" | "text" | { citation: number }): number;
  file: string;
}

export interface QualityLesson {
  key: string;
  unitKey: string;
  passages: string[];
  file: string;
  body: string;
  bodyFirstLine: number;
  keyTerms: { term: string; definition: string; line: number }[];
}

export interface QualityUnit {
  key: string;
  title: string;
}

export interface QualityInput {
  essayFile: string;
  paragraphs: (SourceParagraph & { line: number })[];
  units: QualityUnit[];
  lessons: QualityLesson[];
  cards: QualityCard[];
}

export interface ParagraphCoverage {
  anchor: string;
  /** Card faces (one per cloze deletion) citing the paragraph. */
  cards: number;
  sentences: number;
  sentencesCited: number;
  /** The most card faces citing any one sentence. */
  mostOnOneSentence: number;
}

export interface UnitCoverage {
  unitKey: string;
  title: string;
  cards: number;
  paragraphs: ParagraphCoverage[];
}

export interface QualityReport {
  errors: ContentError[];
  warnings: ContentError[];
  coverage: UnitCoverage[];
}

/** More card faces than this on one sentence pads a single fact into many cards. */
export const MAX_CARDS_PER_SENTENCE = 3;
export const MAX_LIST_ITEMS = 3;
export const MIN_QUOTE_WORDS = 4;

const STOP_WORDS = new Set(
  (
    "a an the and or but nor of to in on at by for with from as into onto upon is are was were be been being " +
    "it its this that these those not no so if than then they them their he she his her him we us our you your " +
    "i me my who whom whose which what when where why how can could may might will would shall should must do does " +
    "did has have had too also all any some both each either neither only very just there here own same such"
  ).split(" "),
);

export function checkQuality(input: QualityInput): QualityReport {
  const errors: ContentError[] = [];
  const warnings: ContentError[] = [];
  const at = (card: QualityCard, field: Parameters<QualityCard["lineOf"]>[0]) => ({ file: card.file, line: card.lineOf(field) });

  for (const card of input.cards) {
    for (const deletion of card.clozeDeletions) {
      if (isTrivialDeletion(deletion.text)) {
        errors.push({
          ...at(card, "text"),
          code: "cloze-trivial-deletion",
          message: `deletion c${deletion.number} ("${deletion.text}") hides only a stop word or a single letter: delete a word that carries the idea`,
        });
      }
    }
    for (const face of card.faces) {
      if (isBareCitation(face.answer)) {
        errors.push({
          ...at(card, card.clozeDeletions.length ? "text" : "answer"),
          code: "answer-bare-citation",
          message: `card \`${face.key}\` asks for a citation ("${face.answer}"): test the idea, and name the source in the prompt if it matters`,
        });
      }
      const items = listItems(face.answer);
      if (items > MAX_LIST_ITEMS) {
        errors.push({
          ...at(card, card.clozeDeletions.length ? "text" : "answer"),
          code: "answer-long-list",
          message: `card \`${face.key}\` expects a list of ${items} items (more than ${MAX_LIST_ITEMS}): sets are hard to recall; split it or ask about one item with context`,
        });
      }
    }
    card.citations.forEach((citation, index) => {
      const words = citation.quote.split(/\s+/).filter(Boolean).length;
      if (words < MIN_QUOTE_WORDS) {
        errors.push({
          ...at(card, { citation: index }),
          code: "quote-too-short",
          message: `quote "${citation.quote}" has ${words} word${words === 1 ? "" : "s"} (fewer than ${MIN_QUOTE_WORDS}): quote enough to show what the card rests on`,
        });
      }
    });
  }

  // Two cards on the very same words test one fact twice, unless they are deletions of one note.
  const firstByQuote = new Map<string, { card: QualityCard; line: number }>();
  for (const card of input.cards) {
    card.citations.forEach((citation, index) => {
      const key = `${citation.anchor}\u0000${normalise(citation.quote)}`;
      const first = firstByQuote.get(key);
      if (!first) {
        firstByQuote.set(key, { card, line: card.lineOf({ citation: index }) });
      } else if (first.card.noteKey !== card.noteKey) {
        warnings.push({
          ...at(card, { citation: index }),
          code: "quote-shared",
          message: `card \`${card.id}\` cites the same quote as \`${first.card.id}\` (${first.card.file}:${first.line}): one fact, one card`,
        });
      }
    });
  }

  // An answer printed in another card's prompt gives that card away (siblings show each other by design).
  for (const card of input.cards) {
    for (const face of card.faces) {
      const answer = normalise(face.answer, { dropLeadingFunctionWords: true });
      if (answer.split(" ").length < 2) continue; // a single word is too common to tell interference from chance
      const printedIn = input.cards.filter(
        (other) =>
          other.noteKey !== card.noteKey && other.faces.some((otherFace) => ` ${normalise(otherFace.prompt)} `.includes(` ${answer} `)),
      );
      for (const other of printedIn) {
        warnings.push({
          ...at(other, "card"),
          code: "answer-in-prompt",
          message: `card \`${other.id}\` prints "${face.answer}", the answer of \`${face.key}\` (${card.file}:${card.lineOf("card")})`,
        });
      }
    }
  }

  errors.push(...checkLessonQuotes(input));
  const coverage = coverageOf(input, warnings);
  return { errors, warnings: dedupe(warnings), coverage };
}

function coverageOf(input: QualityInput, warnings: ContentError[]): UnitCoverage[] {
  const prose = input.paragraphs.filter((paragraph) => !paragraph.furniture);
  // card faces citing each sentence, per paragraph
  const sentencesOf = new Map(prose.map((paragraph) => [paragraph.anchor, sentenceSpans(paragraph.text)]));
  const facesOn = new Map<string, { card: QualityCard; citation: number }[][]>(
    prose.map((paragraph) => [paragraph.anchor, (sentencesOf.get(paragraph.anchor) ?? []).map(() => [])]),
  );
  for (const card of input.cards) {
    card.citations.forEach((citation, index) => {
      const paragraph = prose.find((candidate) => candidate.anchor === citation.anchor);
      const spans = sentencesOf.get(citation.anchor);
      const tally = facesOn.get(citation.anchor);
      if (!paragraph || !spans || !tally) return;
      const start = unwrap(paragraph.text).indexOf(unwrap(citation.quote));
      if (start === -1) return;
      const end = start + unwrap(citation.quote).length;
      spans.forEach((span, sentence) => {
        if (span.start < end && start < span.end) {
          for (let face = 0; face < card.faces.length; face++) tally[sentence]!.push({ card, citation: index });
        }
      });
    });
  }

  for (const paragraph of prose) {
    const tally = facesOn.get(paragraph.anchor) ?? [];
    if (tally.every((faces) => faces.length === 0)) {
      warnings.push({
        file: input.essayFile,
        line: paragraph.line,
        code: "paragraph-uncovered",
        message: `paragraph \`${paragraph.anchor}\` has no card: add one, or mark the paragraph as furniture in anchors.yaml if it is not prose`,
      });
    }
    tally.forEach((faces, sentence) => {
      if (faces.length <= MAX_CARDS_PER_SENTENCE) return;
      const span = sentencesOf.get(paragraph.anchor)![sentence]!;
      const words = unwrap(paragraph.text).slice(span.start, span.end).split(" ").slice(0, 6).join(" ");
      const ids = [...new Set(faces.map(({ card }) => card.id))];
      const extra = faces[MAX_CARDS_PER_SENTENCE]!;
      warnings.push({
        file: extra.card.file,
        line: extra.card.lineOf({ citation: extra.citation }),
        code: "sentence-overloaded",
        message: `the sentence "${words} …" in \`${paragraph.anchor}\` has ${faces.length} cards (more than ${MAX_CARDS_PER_SENTENCE}): ${ids.join(", ")}`,
      });
    });
  }

  return input.units.map((unit) => {
    const anchors = [...new Set(input.lessons.filter((lesson) => lesson.unitKey === unit.key).flatMap((lesson) => lesson.passages))];
    const unitCards = input.cards.filter((card) => card.unitKey === unit.key);
    return {
      unitKey: unit.key,
      title: unit.title,
      cards: unitCards.reduce((sum, card) => sum + card.faces.length, 0),
      paragraphs: anchors.flatMap((anchor) => {
        const paragraph = prose.find((candidate) => candidate.anchor === anchor);
        if (!paragraph) return [];
        const tally = facesOn.get(anchor) ?? [];
        const own = tally.map((faces) => faces.filter(({ card }) => card.unitKey === unit.key));
        return [
          {
            anchor,
            cards: unitCards
              .filter((card) => card.citations.some((citation) => citation.anchor === anchor))
              .reduce((sum, card) => sum + card.faces.length, 0),
            sentences: tally.length,
            sentencesCited: own.filter((faces) => faces.length > 0).length,
            mostOnOneSentence: Math.max(0, ...own.map((faces) => faces.length)),
          },
        ];
      }),
    };
  });
}

/** Text in quotation marks in a lesson body or key term must be the source's own words. */
function checkLessonQuotes(input: QualityInput): ContentError[] {
  const pieces = input.paragraphs.flatMap((paragraph) => unwrap(paragraph.text).split(GAP_MARKER).map((piece) => piece.trim()));
  const verbatim = (fragment: string) => pieces.some((piece) => piece.includes(fragment));
  const errors: ContentError[] = [];
  const check = (file: string, text: string, lineAt: (offset: number) => number) => {
    for (const match of text.matchAll(/“([^”]*)”|"([^"]*)"/g)) {
      const quoted = unwrap(match[1] ?? match[2] ?? "");
      const fragments = quoted
        .split(/…|\.\.\./)
        .map((fragment) => fragment.trim())
        .filter(Boolean);
      const wrong = fragments.filter((fragment) => !verbatim(fragment));
      if (wrong.length > 0) {
        errors.push({
          file,
          line: lineAt(match.index ?? 0),
          code: "lesson-quote-not-verbatim",
          message: `quoted text "${wrong[0]}" is not verbatim in the source: quote the source's exact words, or drop the quotation marks`,
        });
      }
    }
  };
  for (const lesson of input.lessons) {
    // Blockquote markers are Markdown, not quoted text.
    const body = lesson.body.replace(/^[ \t]*>[ \t]?/gm, "");
    check(lesson.file, body, (offset) => lesson.bodyFirstLine + (body.slice(0, offset).match(/\n/g)?.length ?? 0));
    for (const term of lesson.keyTerms) {
      check(lesson.file, `${term.term}\n${term.definition}`, () => term.line);
    }
  }
  return errors;
}

/** Lowercase words without punctuation, for comparing answers, prompts and quotes loosely. */
export function normalise(text: string, options: { dropLeadingFunctionWords?: boolean } = {}): string {
  const words = text
    .toLowerCase()
    .replace(/[‘’ʼ]/g, "'")
    .replace(/[^\p{L}\p{N}'\s-]+/gu, " ")
    .replace(/(^|\s)['-]+|['-]+(?=\s|$)/g, " ")
    .split(/\s+/)
    .filter(Boolean);
  if (options.dropLeadingFunctionWords) {
    while (words.length > 1 && STOP_WORDS.has(words[0]!)) words.shift();
  }
  return words.join(" ");
}

/** A cloze deletion that hides only stop words or a single letter. */
export function isTrivialDeletion(text: string): boolean {
  const words = normalise(text).split(" ").filter(Boolean);
  return words.length === 0 || words.every((word) => STOP_WORDS.has(word)) || /^\p{L}$/u.test(text.trim());
}

/** "(Weitzer, 2011, p. 1337)", "McGough, 2013", "2015", "p. 1337": an answer that is only a reference. */
export function isBareCitation(answer: string): boolean {
  const text = answer.trim().replace(/\.$/, "").trim();
  const inner = text.replace(/^\((.*)\)$/, "$1").trim();
  return (
    /^[\p{Lu}][^,()]*,\s*\d{4}[a-z]?(?:,\s*pp?\.\s*[\d–-]+)?$/u.test(inner) ||
    /^\d{4}[a-z]?$/.test(inner) ||
    /^pp?\.\s*[\d–-]+$/.test(inner)
  );
}

/** How many items a list answer has: short parts joined by commas, semicolons, "and" or "or". */
export function listItems(answer: string): number {
  const parts = answer
    .replace(/\.$/, "")
    .split(/\s*(?:,|;|\band\b|\bor\b|&)\s*/i)
    .map((part) => part.trim())
    .filter(Boolean);
  const short = parts.every((part) => part.split(/\s+/).length <= 4);
  return short ? parts.length : 1;
}

function sentenceSpans(text: string): { start: number; end: number }[] {
  const flat = unwrap(text);
  const spans: { start: number; end: number }[] = [];
  // A sentence ends at . ! ? (or a gap marker) followed by a space and a capital or an opening quote.
  const boundary = /(?<=[.!?…”])\s+(?=[\p{Lu}“"])/gu;
  let start = 0;
  for (const match of flat.matchAll(boundary)) {
    const end = match.index ?? 0;
    if (end > start) spans.push({ start, end });
    start = end + match[0].length;
  }
  if (start < flat.length) spans.push({ start, end: flat.length });
  return spans;
}

function unwrap(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function dedupe(problems: ContentError[]): ContentError[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.file}:${problem.line}:${problem.code}:${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
