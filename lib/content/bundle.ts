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
}

export interface KeyTerm {
  term: string;
  definition: string;
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
  estimatedMinutes: number;
}

export interface BundleUnit {
  key: string;
  position: number;
  title: string;
  summary: string;
  lessons: BundleLesson[];
}

export interface BundleCard {
  /** The card's id, or `<id>#c<n>` for each deletion of a cloze note. */
  key: string;
  /**
   * The note the card comes from: the cards of one note are siblings, never shown on the same day.
   * Cloze deletions share their note's id (the key without `#c<n>`); a basic card is its own note.
   */
  noteKey: string;
  unitKey: string;
  lessonKey: string;
  /** 1-based position in course order (unit, lesson, card). */
  position: number;
  kind: CardKind;
  prompt: string;
  answer: string;
  explanation: string | null;
  source: { anchor: string; quote: string };
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
  source: { title: string; citation: string; paragraphs: SourceParagraph[] };
  units: BundleUnit[];
  cards: BundleCard[];
  /** sha256 of the canonical JSON of every other field. */
  contentHash: string;
}
