import type { CardKind } from "./cards";
import type { RatingName } from "./ratings";

/**
 * What the server sends the review client (page props, `GET /api/review/queue`, answer replies) and
 * the client keeps offline. Plain JSON: dates are ISO strings.
 */

/** Learning cards due this soon are shown early when nothing else is left (server queue and client session). */
export const LEARN_AHEAD_MS = 20 * 60_000;
/** Cards the review page asks for (server-rendered and fetched alike). */
export const QUEUE_LIMIT = 200;

export type CardStateName = "new" | "learning" | "review" | "relearning";
export type QueueKind = "learning" | "review" | "new";
export type QueueCounts = { readonly new: number; readonly learning: number; readonly review: number };

export type PreviewDto = { due: string; label: string };

type QueueCardBase = {
  id: string;
  prompt: string;
  answer: string;
  explanation: string | null;
  source: { anchor: string; quote: string };
  /**
   * Every passage the card cites, `source` first (a card connecting passages cites several). The
   * server always sends it; a queue saved for offline use by an older version may lack it.
   */
  sources?: { anchor: string; quote: string }[];
  lessonId: string;
  /** Cards with the same noteKey are siblings (cloze deletions of one sentence): one a day. */
  noteKey: string;
  queue: QueueKind;
  state: CardStateName;
  version: number;
  previews: Record<RatingName, PreviewDto>;
};

/**
 * A card of today's queue, discriminated by kind: a kind that needs other fields gets its own
 * member here, and every `switch (card.kind)` that must handle it stops compiling until it does.
 */
export type QueueCardDto = { [K in CardKind]: QueueCardBase & { kind: K } }[CardKind];

/** Extra study: cards not due yet ("ahead"), new cards beyond today's limit ("new"), or cards predicted below target on the next exam day ("exam"). */
export type ExtraStudy = "ahead" | "new" | "exam";

/** `extra`: set on extra study, which the session tells the student is extra. */
export type QueueDto = { course: string; generatedAt: string; cards: QueueCardDto[]; counts: QueueCounts; extra?: ExtraStudy };

export type CardStateDto = {
  id: string;
  state: CardStateName;
  due: string;
  stability: number;
  difficulty: number;
  reps: number;
  lapses: number;
  scheduledDays: number;
  learningSteps: number;
  lastReview: string | null;
  version: number;
  suspended: boolean;
};

/** A student's settings in one course, as the settings form and the time-zone sync see them. */
export type StudySettingsDto = {
  desiredRetention: number;
  newPerDay: number;
  reviewsPerDay: number;
  timeZone: string;
  dayStartHour: number;
  /** Lapses that make a card a leech (suspended, with a notice). */
  leechThreshold: number;
  timeZoneDetected: boolean;
};

/**
 * The header the device's outbox sends with queued answers, naming the user who gave them: the
 * review API refuses them under another account's session (lib/review/outbox-owner.ts).
 */
export const OUTBOX_USER_HEADER = "x-retain-outbox-user";
