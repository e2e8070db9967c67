import { LEARN_AHEAD_MS, RATING_NAMES } from "@/lib/contracts";
import type { AnswerEntry, OutboxEntry, QueueCardDto, Rating, SessionCard } from "./types";

/**
 * The review session as pure data: the cards still to show, learning cards that come back when
 * their preview's due time arrives (client-side requeue), the answers given (for undo), and the
 * card on screen. Every function returns a new session; the React component only holds it.
 */

/** Answers due again sooner than this keep the card in today's session (learning steps are minutes). */
export const REQUEUE_WITHIN_MS = 60 * 60_000;

/** Extra study: "learn 10 more" new cards; study ahead (and before an exam) offers up to 50 cards. */
export function extraLimit(extra: "ahead" | "new" | "exam"): number {
  return extra === "new" ? 10 : 50;
}

export type Requeued = { card: SessionCard; showAt: number };

export type Answered = {
  card: SessionCard;
  rating: Rating;
  key: string;
  requeued: boolean;
  /** When the chosen answer makes the card due (from its preview). */
  dueAt: number | null;
  /** New and review siblings the answer buried (they come back with an undo). */
  buried: SessionCard[];
};

export type Session = {
  current: SessionCard | null;
  main: SessionCard[];
  requeue: Requeued[];
  history: Answered[];
  reviewed: number;
};

export const emptySession: Session = { current: null, main: [], requeue: [], history: [], reviewed: 0 };

/** Picks the card to show: due learning cards first, then the queue, then learning cards due soon. */
export function advance(session: Session, now: number): Session {
  if (session.current) return session;
  const requeue = [...session.requeue].sort((a, b) => a.showAt - b.showAt);
  const dueLearning = requeue[0] && requeue[0].showAt <= now ? requeue[0] : undefined;
  if (dueLearning) return { ...session, current: dueLearning.card, requeue: requeue.slice(1) };
  const [head, ...rest] = session.main;
  if (head) return { ...session, current: head, main: rest };
  const soon = requeue[0] && requeue[0].showAt <= now + LEARN_AHEAD_MS ? requeue[0] : undefined;
  if (soon) return { ...session, current: soon.card, requeue: requeue.slice(1) };
  return { ...session, requeue };
}

export function previewFor(card: QueueCardDto, rating: Rating) {
  return card.previews[RATING_NAMES[rating]];
}

/**
 * When an answer brings the card back in this session (a learning step), or null. A preview's due
 * time was computed when the queue was made: the step counts from the answer, as on the server.
 */
export function requeueTime(card: SessionCard, rating: Rating, now: number): number | null {
  const previewDue = Date.parse(previewFor(card, rating).due);
  if (!Number.isFinite(previewDue)) return null;
  const due = card.previewedAt === undefined ? previewDue : now + (previewDue - card.previewedAt);
  return due - now < REQUEUE_WITHIN_MS ? due : null;
}

/** Cards as the session holds them: with the time their previews were computed. */
function previewedAt(cards: readonly QueueCardDto[], generatedAt: string): SessionCard[] {
  const at = Date.parse(generatedAt);
  return Number.isFinite(at) ? cards.map((card) => ({ ...card, previewedAt: at })) : [...cards];
}

/**
 * Siblings (cards of one note) give each other away: once one is answered, its new and review
 * siblings wait for another day, as the server's queue does (lib/srs queue.ts). Learning siblings
 * keep their steps.
 */
function isBuriedBy(card: QueueCardDto, notes: ReadonlySet<string>): boolean {
  return card.queue !== "learning" && notes.has(card.noteKey);
}

/** The current card answered: it leaves the screen (and comes back later if still learning). */
export function answerCurrent(session: Session, rating: Rating, key: string, now: number): Session {
  const card = session.current;
  if (!card) return session;
  // Labels from an older state say nothing reliable about this answer: the server's reply decides (applyAnswerResult).
  const showAt = card.previewsStale ? null : requeueTime(card, rating, now);
  const due = Date.parse(previewFor(card, rating).due);
  const note = new Set([card.noteKey]);
  const buried = session.main.filter((entry) => isBuriedBy(entry, note));
  const main = buried.length ? session.main.filter((entry) => !isBuriedBy(entry, note)) : session.main;
  const answered: Answered = { card, rating, key, requeued: showAt !== null, dueAt: Number.isFinite(due) ? due : null, buried };
  const requeue = showAt === null ? session.requeue : [...session.requeue, { card: requeuedCopy(card), showAt }];
  return advance({ ...session, current: null, main, requeue, history: [...session.history, answered], reviewed: session.reviewed + 1 }, now);
}

/** A card coming back after an answer: its version and interval labels are those of before. */
function requeuedCopy(card: SessionCard): SessionCard {
  return { ...card, versionUnknown: true, previewsStale: true };
}

/** Takes back the last answer: its card returns to the screen; the one showing goes back to the front. */
export function undoLast(session: Session, options: { versionUnknown: boolean }): { session: Session; undone: Answered | null } {
  const last = session.history[session.history.length - 1];
  if (!last) return { session, undone: null };
  const requeue = last.requeued ? removeLastFor(session.requeue, last.card.id) : session.requeue;
  const main = [...(session.current ? [session.current] : []), ...last.buried, ...session.main];
  const card: SessionCard = { ...last.card, ...(options.versionUnknown ? { versionUnknown: true } : {}) };
  return {
    session: { current: card, main, requeue, history: session.history.slice(0, -1), reviewed: Math.max(0, session.reviewed - 1) },
    undone: last,
  };
}

function removeLastFor(requeue: Requeued[], cardId: string): Requeued[] {
  const index = requeue.map((entry) => entry.card.id).lastIndexOf(cardId);
  return index < 0 ? requeue : [...requeue.slice(0, index), ...requeue.slice(index + 1)];
}

/** The current card leaves the session without an answer (suspended). */
export function dropCurrent(session: Session, now: number): Session {
  return advance({ ...session, current: null }, now);
}

/**
 * Cards the server has not heard about yet must not be shown again from a queue fetched before
 * they were answered: pending answers, and any answer newer than the queue.
 */
export function answeredSince(entries: OutboxEntry[], generatedAt: string): Map<string, AnswerEntry> {
  const since = Date.parse(generatedAt);
  const latest = new Map<string, AnswerEntry>();
  for (const entry of [...entries].sort((a, b) => a.seq - b.seq)) {
    if (entry.kind !== "answer" || entry.status === "rejected") continue;
    if (entry.status === "pending" || Date.parse(entry.reviewedAt) >= since) latest.set(entry.cardId, entry);
  }
  return latest;
}

/** Builds a session from a fetched (or cached) queue and the outbox. */
export function startSession(
  cards: QueueCardDto[],
  generatedAt: string,
  entries: OutboxEntry[],
  now: number,
  keep: (card: QueueCardDto) => boolean = () => true,
): Session {
  const answered = answeredSince(entries, generatedAt);
  const answeredNotes = new Set([...answered.values()].flatMap((entry) => (entry.card ? [entry.card.noteKey] : [])));
  const main = previewedAt(cards, generatedAt).filter((card) => keep(card) && !answered.has(card.id) && !isBuriedBy(card, answeredNotes));
  const requeue: Requeued[] = [];
  for (const entry of answered.values()) {
    if (!entry.requeueAt || !entry.card || !keep(entry.card)) continue;
    requeue.push({ card: requeuedCopy(entry.card), showAt: Date.parse(entry.requeueAt) });
  }
  return advance({ ...emptySession, main, requeue }, now);
}

/**
 * A fresh queue from the server while the session runs: adds cards it does not hold yet and
 * refreshes learning cards that came back (their new version and interval labels). Cards with an
 * answer still in the outbox are skipped: the server does not know about that answer yet.
 */
export function mergeFresh(
  session: Session,
  queueCards: QueueCardDto[],
  pendingCardIds: Set<string>,
  keep: (card: QueueCardDto) => boolean,
  now: number,
  generatedAt: string,
): Session {
  const cards = previewedAt(queueCards, generatedAt);
  const fresh = new Map(cards.filter((card) => keep(card) && !pendingCardIds.has(card.id)).map((card) => [card.id, card]));
  const held = new Set<string>([
    ...(session.current ? [session.current.id] : []),
    ...session.main.map((card) => card.id),
    ...session.requeue.map((entry) => entry.card.id),
    ...session.history.map((answered) => answered.card.id),
  ]);
  const requeue = session.requeue.map((entry) => {
    const update = fresh.get(entry.card.id);
    return update ? { card: update, showAt: Math.min(entry.showAt, now) } : entry;
  });
  let current = session.current;
  if (current?.previewsStale || current?.versionUnknown) {
    const update = fresh.get(current.id);
    if (update) current = update;
  }
  const answeredNotes = new Set(session.history.map((answered) => answered.card.noteKey));
  const added = cards.filter((card) => keep(card) && !pendingCardIds.has(card.id) && !held.has(card.id) && !isBuriedBy(card, answeredNotes));
  return advance({ ...session, current, requeue, main: [...session.main, ...added] }, now);
}

/**
 * Applies what the server said about a card. After an answer, the copy waiting in the requeue gets
 * the new version (its interval labels stay stale until a fresh queue brings them); after an undo,
 * the restored card on screen or in the queue does.
 */
export function applyServerState(session: Session, cardId: string, version: number, after: "answer" | "undo"): Session {
  const update = (card: SessionCard): SessionCard => (card.id === cardId ? { ...card, version, versionUnknown: false } : card);
  if (after === "answer") {
    const current = session.current?.previewsStale ? update(session.current) : session.current;
    return { ...session, current, requeue: session.requeue.map((entry) => ({ ...entry, card: update(entry.card) })) };
  }
  return { ...session, current: session.current ? update(session.current) : null, main: session.main.map(update) };
}

/**
 * The server's state after an answer decides whether the card comes back in this session: still
 * (re)learning and due soon → it waits in the requeue until due; anything else → it leaves it. A
 * reply to an older answer of a card answered again since is ignored.
 */
export function applyAnswerResult(
  session: Session,
  result: { key: string; card: SessionCard | undefined; state: string; due: string; version: number; suspended?: boolean },
  now: number,
): Session {
  const cardId = result.card?.id;
  if (!cardId) return session;
  const latest = [...session.history].reverse().find((answered) => answered.card.id === cardId);
  if (latest && latest.key !== result.key) return session;
  if (result.suspended) {
    // The answer made it a leech: it leaves the session (until the student chooses to keep studying it).
    const without = { ...session, main: session.main.filter((card) => card.id !== cardId), requeue: session.requeue.filter((entry) => entry.card.id !== cardId) };
    return session.current?.id === cardId ? advance({ ...without, current: null }, now) : without;
  }
  const withVersion = applyServerState(session, cardId, result.version, "answer");
  if (withVersion.current?.id === cardId || withVersion.main.some((card) => card.id === cardId)) return withVersion;
  const due = Date.parse(result.due);
  const learning = (result.state === "learning" || result.state === "relearning") && due - now < REQUEUE_WITHIN_MS;
  const others = withVersion.requeue.filter((entry) => entry.card.id !== cardId);
  if (!learning) return others.length === withVersion.requeue.length ? withVersion : { ...withVersion, requeue: others };
  const held = withVersion.requeue.find((entry) => entry.card.id === cardId)?.card;
  const card: SessionCard = { ...(held ?? requeuedCopy(result.card!)), version: result.version, versionUnknown: false };
  return advance({ ...withVersion, requeue: [...others, { card, showAt: due }] }, now);
}

export function remaining(session: Session): number {
  return (session.current ? 1 : 0) + session.main.length + session.requeue.length;
}
