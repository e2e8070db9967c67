import type { CardKind } from "@/lib/contracts";

/** The compiled form of one course: what the importer stores and the app renders. */

export interface SupportResource {
  name: string;
  detail: string;
  href?: string;
}

export interface SourceParagraph {
  anchor: string;
  /** 0-based position among the essay's blank-line-separated paragraphs. */
  index: number;
  /** The paragraph as written, minus a gap marker at its start or end. */
  text: string;
  gapBefore: boolean;
  gapAfter: boolean;
  /** Page furniture (a title, a word count), not the author's prose: never shown as essay text. */
  furniture: boolean;
}

export interface KeyTerm {
  term: string;
  definition: string;
}

/** A clearly labelled aside from outside the source (e.g. the statute the essay does not quote). */
export interface BeyondTheEssay {
  title: string;
  text: string;
  citation: string;
}

export interface BundleLesson {
  key: string;
  position: number;
  title: string;
  objectives: string[];
  keyTerms: KeyTerm[];
  passages: string[];
  bodyMarkdown: string;
  bodyHtml: string;
  beyondTheEssay: BeyondTheEssay | null;
  estimatedMinutes: number;
}

export interface BundleUnit {
  key: string;
  position: number;
  title: string;
  summary: string;
  lessons: BundleLesson[];
}

export interface CardCitation {
  anchor: string;
  quote: string;
}

export interface BundleCard {
  /** The card's id, or `<id>#c<n>` for each deletion of a cloze note. */
  key: string;
  unitKey: string;
  lessonKey: string;
  /** 1-based position in course order (unit, lesson, card). */
  position: number;
  kind: CardKind;
  prompt: string;
  answer: string;
  explanation: string | null;
  /** The first passage the card cites (every card cites at least one). */
  source: CardCitation;
  /** Every passage the card cites, `source` first; more than one for a card that connects passages. */
  sources: CardCitation[];
  /**
   * The note the card was made from: every deletion of a cloze note shares its note's id, so a queue
   * can keep siblings apart; a basic card's is its own id unless the content groups it with `note:`.
   */
  noteKey: string;
  tags: string[];
  /** sha256 of the wording (prompt, answer, explanation, source); tags and position do not count. */
  contentHash: string;
  resetOnChange: boolean;
}

export interface CourseBundle {
  slug: string;
  title: string;
  summary: string;
  audience: string;
  contentNote: string;
  supportResources: SupportResource[];
  /** `about` is the "About this source" note (null when the course has none). */
  source: { title: string; citation: string; about: string | null; paragraphs: SourceParagraph[] };
  units: BundleUnit[];
  cards: BundleCard[];
  /** sha256 of the canonical JSON of every other field. */
  contentHash: string;
}
