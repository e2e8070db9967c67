import type { CardStateDto, QueueCardDto, QueueDto, Rating } from "@/lib/contracts";

export type { CardStateDto, QueueCardDto, QueueDto, Rating };

/** A card as the review session holds it: the server's queue entry plus what the client knows of it. */
export type SessionCard = QueueCardDto & {
  /** The state version is unknown (after an offline answer or an undo not yet confirmed): send none. */
  versionUnknown?: boolean;
  /** The interval labels belong to an older state of the card: show the buttons without them. */
  previewsStale?: boolean;
  /**
   * When the server computed the previews (the queue's `generatedAt`, ms). A preview's due time is
   * that instant plus the step, so an answer given later waits the step from its own time.
   */
  previewedAt?: number;
};

export type EntryStatus = "pending" | "sent" | "rejected";

type EntryBase = {
  /** The idempotency key for answers; a random id for undo requests. */
  key: string;
  /** Order in which entries were made: they are sent in this order. */
  seq: number;
  course: string;
  status: EntryStatus;
  /** Client time the entry was made (ISO), corrected by the server clock offset. */
  createdAt: string;
  sentAt?: string;
  error?: string;
};

export type AnswerEntry = EntryBase & {
  kind: "answer";
  cardId: string;
  rating: Rating;
  reviewedAt: string;
  version?: number;
  durationMs?: number;
  /** When the answer keeps the card in (re)learning today: when it is due again (ISO). */
  requeueAt?: string;
  /** The card as it was shown, so a session reloaded offline can bring a learning card back. */
  card?: SessionCard;
};

export type UndoEntry = EntryBase & { kind: "undo" };

export type OutboxEntry = AnswerEntry | UndoEntry;

/** Where the outbox lives: IndexedDB in the browser, a Map in unit tests. */
export interface OutboxStore {
  all(): Promise<OutboxEntry[]>;
  get(key: string): Promise<OutboxEntry | undefined>;
  put(entry: OutboxEntry): Promise<void>;
  delete(key: string): Promise<void>;
}

/** A queue kept for offline use, with the source paragraphs its cards cite (for the source sheet). */
export type CachedQueue = { id: string; savedAt: string; queue: QueueDto; paragraphs?: Record<string, string> };
