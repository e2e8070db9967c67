import type { CardKind } from "./cards";
import type { CardStateName, QueueCardDto } from "./review";

/** One card of the course as the student's card browser lists it: its text, lesson and their state. */
export type BrowserCardDto = {
  id: string;
  noteKey: string;
  kind: CardKind;
  prompt: string;
  answer: string;
  lesson: { key: string; title: string };
  state: CardStateName;
  /** ISO; null for a card never studied. */
  due: string | null;
  suspended: boolean;
  leech: boolean;
  lapses: number;
  reps: number;
};

export type CardListDto = {
  course: string;
  generatedAt: string;
  leechThreshold: number;
  lessons: { key: string; title: string }[];
  cards: BrowserCardDto[];
};

export type CardHistoryEntryDto = {
  reviewedAt: string;
  kind: "answer" | "reset";
  /** 1 Again … 4 Easy; null for a reset. */
  rating: number | null;
  /** The state the answer left the card in, when it is due next, and the interval that makes ("3d"). */
  stateAfter: CardStateName;
  dueAfter: string;
  interval: string;
  undone: boolean;
};

export type CardInfoDto = BrowserCardDto & {
  explanation: string | null;
  source: { anchor: string; quote: string; paragraph: string | null; title: string };
  /** Every passage the card cites (a synthesis card cites more than one); `source` is the first. */
  sources: { anchor: string; quote: string; paragraph: string | null }[];
  stability: number | null;
  difficulty: number | null;
  /** Predicted recall probability now (0–1), null before the first answer. */
  retrievability: number | null;
  lastReview: string | null;
  history: CardHistoryEntryDto[];
};

/** A lesson's card in the reading: to answer in place (never studied), or the student's state. */
export type LessonCardDto = {
  card: QueueCardDto;
  studied: { state: CardStateName; due: string; suspended: boolean } | null;
};
