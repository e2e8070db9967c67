/** The course studio's shapes, shared by the studio's client components and the server (lib/studio). */

export type ParagraphKind = "prose" | "heading" | "furniture";

export interface StudioParagraph {
  anchor: string;
  kind: ParagraphKind;
  /** The paragraph as stored in the source text (one line; soft wraps are joined with a space). */
  text: string;
}

export interface StudioLesson {
  key: string;
  title: string;
  objectives: string[];
  /** Anchors of the paragraphs the lesson teaches, in source order. */
  passages: string[];
  /** Lesson text (the compiler's Markdown subset); may be empty: the passages are shown either way. */
  body: string;
}

export type StudioCardStatus = "draft" | "accepted";

export interface StudioCard {
  id: string;
  kind: "basic" | "cloze";
  lessonKey: string;
  /** Basic cards: the question. Cloze cards: the text with `{{c1::…}}` deletions. */
  prompt: string;
  /** Basic cards only (empty for cloze). */
  answer: string;
  explanation: string;
  source: { anchor: string; quote: string };
  /** Drafts are proposals: only accepted cards are published. */
  status: StudioCardStatus;
  /** Why the generator proposed it (empty for cards the author made). */
  reason: string;
  /** Set by the author when an edit changes what the card asks: students' progress on it restarts. */
  resetOnChange: boolean;
}

/** A compiler problem placed on the card or lesson field it concerns. */
export type StudioFieldProblem = {
  cardId?: string;
  lessonKey?: string;
  field: string;
  code: string;
  message: string;
  severity: "error" | "warning";
};

export type StudioCourseDto = {
  slug: string;
  status: "draft" | "published";
  title: string;
  sourceTitle: string;
  version: number | null;
  role: "owner" | "co_author" | "admin";
  summary: string;
  audience: string;
  contentNote: string;
  citation: string;
  paragraphs: StudioParagraph[];
  lessons: StudioLesson[];
  cards: StudioCard[];
  /** The compiler's problems for the course as it would be published (accepted cards). */
  errors: StudioFieldProblem[];
  /** Quality warnings over every card, drafts included, so they show before anything is accepted. */
  warnings: StudioFieldProblem[];
};
