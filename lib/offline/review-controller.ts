import { LEARN_AHEAD_MS, QUEUE_LIMIT } from "@/lib/contracts";
import { citedPassages } from "@/lib/courses/quote";
import type { Outbox, SendResult } from "./outbox";
import {
  advance,
  answerCurrent,
  applyAnswerResult,
  applyServerState,
  dropCurrent,
  emptySession,
  extraLimit,
  mergeFresh,
  remaining,
  requeueTime,
  startSession,
  undoLast,
  type Session,
} from "./session";
import type { CachedQueue, OutboxEntry, QueueCardDto, QueueDto, Rating, SessionCard } from "./types";

/**
 * The review page's orchestration without React: loading the session (page, network or device
 * copy, then the outbox), answering, undo, suspend, background refreshes, the learning-card timer
 * and the end-of-session forecast. Everything that touches the outside world is injected (outbox,
 * fetch, clock, saved queues, tally storage, timers), so the ordering rules can be tested with fake
 * time and a fake server; the component only renders `state` and calls the methods.
 */

export type ReviewPhase = "loading" | "provisional" | "ready" | "unavailable";
export type ExtraStudy = "ahead" | "new";
export type FocusTarget = "reveal" | "answer" | "summary";

/** `again`: answers that were Again; `firstTime`: cards answered for the first time (new cards). */
export type SessionTotals = { startedAt: number; reviewed: number; spentMs: number; again: number; firstTime: number };

/** A card the last answer made a leech: its passage, and what "keep studying" needs. */
export type LeechNotice = { card: SessionCard; key: string; passage: string };
export type ReviewNotice = { text: string; unsuspend?: string; leech?: LeechNotice };

export type ReviewState = {
  phase: ReviewPhase;
  session: Session;
  revealed: boolean;
  notice: ReviewNotice | null;
  /** Source paragraphs known on this page, by anchor. */
  paragraphs: Record<string, string>;
  totals: SessionTotals;
  /** The server's count of cards due tomorrow, once every answer is in (null: use the session's estimate). */
  serverTomorrow: number | null;
  /** What the screen reader hears next. */
  announcement: string;
};

/** The outbox as the controller uses it (the real one in the browser, a fake-server one in tests). */
export type OutboxPort = Pick<Outbox, "entries" | "addAnswer" | "undoAnswer" | "onResult" | "subscribe" | "learnClock">;

export type ReviewControllerOptions = {
  userId: string;
  course: string;
  lesson: { key: string; id: string } | null;
  extra: ExtraStudy | null;
  /** Today's queue read by the server for this page (null when it could not be read). */
  initialQueue: QueueDto | null;
  initialParagraphs: Record<string, string>;
  /** Called lazily (on the client only), so rendering on the server creates no outbox. */
  outbox: () => OutboxPort;
  fetch: (input: string, init?: RequestInit) => Promise<Response>;
  now: () => number;
  isOnline: () => boolean;
  savedQueues: { load(userId: string, id: string): Promise<CachedQueue | undefined>; save(userId: string, cached: CachedQueue): Promise<void> };
  /** Where the session's tally survives a reload (sessionStorage in the browser). */
  tallies: { read(key: string): string | null; write(key: string, value: string): void };
  schedule: (run: () => void, delayMs: number) => () => void;
  newKey: () => string;
  /** The outbox mirror the page's inline script reads, and the hold it puts on the server-rendered card. */
  marks: { write(entries: OutboxEntry[]): void; releaseHold(): void };
  onSignedOut: () => void;
  onFocus: (target: FocusTarget) => void;
};

const REFRESH_EVERY_MS = 30_000;
/** Time on one card counted towards "time spent" at most (a card left open over lunch is not study). */
export const MAX_CARD_MS = 5 * 60_000;
/** A tally from longer ago belongs to an earlier session. */
const TALLY_TTL_MS = 6 * 60 * 60_000;
const QUEUE_TIMEOUT_MS = 8000;

export class SignedOutError extends Error {}

export function tallyKey(course: string, lessonKey: string | undefined, extra: ExtraStudy | null) {
  return `retain-session:${course}:${lessonKey ?? "*"}${extra ? `:${extra}` : ""}`;
}

export function parseTally(stored: string | null, now: number): SessionTotals {
  try {
    const parsed = JSON.parse(stored ?? "null") as SessionTotals | null;
    if (parsed && typeof parsed.reviewed === "number" && now - parsed.startedAt < TALLY_TTL_MS) {
      return { ...parsed, again: parsed.again ?? 0, firstTime: parsed.firstTime ?? 0 };
    }
  } catch {
    // A broken value starts a new tally.
  }
  return { startedAt: now, reviewed: 0, spentMs: 0, again: 0, firstTime: 0 };
}

/** Paragraphs a queue's cards cite that `known` lacks. */
export function missingAnchors(queue: QueueDto, known: Record<string, string>): string[] {
  return [...new Set(queue.cards.flatMap((card) => citedPassages(card).map((passage) => passage.anchor)))].filter((anchor) => !(anchor in known));
}

/** The cited paragraphs of a queue, to keep with it on the device. */
export function paragraphsOf(queue: QueueDto, known: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const { anchor } of queue.cards.flatMap(citedPassages)) {
    const text = known[anchor];
    if (text !== undefined) kept[anchor] = text;
  }
  return kept;
}

/** Cards due tomorrow on this device's calendar, from this session's answers (until the server's count arrives). */
export function tomorrowEstimate(session: Session, startedAt: number): number {
  const start = new Date(startedAt);
  start.setHours(24, 0, 0, 0);
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  return session.history.filter((answered) => answered.dueAt !== null && answered.dueAt >= start.getTime() && answered.dueAt < end.getTime()).length;
}

export class ReviewController {
  private state: ReviewState;
  private readonly listeners = new Set<() => void>();
  private readonly keep: (card: QueueCardDto) => boolean;
  private readonly tallyKey: string;
  /** Bumped by dispose(): work started before it (a load, a fetch) must not touch the state after. */
  private generation = 0;
  private running = false;
  private unsubscribeResults: (() => void) | null = null;
  private shownAt = 0;
  private lastRefresh = 0;
  private refreshing = false;
  private cancelWake: (() => void) | null = null;
  private tomorrowWatch: { historyLength: number; stop: () => void } | null = null;

  constructor(private readonly options: ReviewControllerOptions) {
    const { initialQueue, lesson } = options;
    const lessonId = lesson?.id;
    this.keep = (card) => !lessonId || card.lessonId === lessonId;
    this.tallyKey = tallyKey(options.course, lesson?.key, options.extra);
    this.state = {
      // The server-rendered session: the page's queue as it came. "provisional" until the outbox has
      // been read (nothing can be answered before), then "ready" as if it had been fetched. Time 0, so
      // the server's render and the first client render are the same.
      session: initialQueue ? startSession(initialQueue.cards, initialQueue.generatedAt, [], 0, this.keep) : emptySession,
      phase: initialQueue ? "provisional" : "loading",
      revealed: false,
      notice: null,
      paragraphs: options.initialParagraphs,
      totals: { startedAt: 0, reviewed: 0, spentMs: 0, again: 0, firstTime: 0 },
      serverTomorrow: null,
      announcement: "",
    };
  }

  getState = (): ReviewState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Starts the session: reads the outbox, picks the queue, listens to the server's replies. */
  start(): Promise<void> {
    if (this.running) return Promise.resolve();
    this.running = true;
    const generation = ++this.generation;
    const outbox = this.options.outbox();
    this.unsubscribeResults = outbox.onResult((result) => this.onResult(result));
    return this.load(generation);
  }

  /** Stops timers and listeners; in-flight work is dropped when it returns. */
  dispose() {
    this.running = false;
    this.generation++;
    this.unsubscribeResults?.();
    this.unsubscribeResults = null;
    this.cancelWake?.();
    this.cancelWake = null;
    this.tomorrowWatch?.stop();
    this.tomorrowWatch = null;
  }

  reveal() {
    const card = this.state.session.current;
    if (!card || this.state.revealed || this.state.phase !== "ready") return;
    this.set({ revealed: true, announcement: `Answer: ${card.answer}` });
    this.options.onFocus("answer");
  }

  answer(rating: Rating) {
    const { session, revealed, phase } = this.state;
    const card = session.current;
    if (!card || !revealed || phase !== "ready") return;
    const now = this.options.now();
    const key = this.options.newKey();
    const next = answerCurrent(session, rating, key, now);
    const requeueAt = card.previewsStale ? null : requeueTime(card, rating, now);
    const spent = Math.min(MAX_CARD_MS, Math.max(0, now - this.shownAt));
    const firstTime = card.queue === "new" && !card.previewsStale ? 1 : 0;
    const totals = this.state.totals;
    this.setTotals({
      ...totals,
      reviewed: totals.reviewed + 1,
      spentMs: totals.spentMs + spent,
      again: totals.again + (rating === 1 ? 1 : 0),
      firstTime: totals.firstTime + firstTime,
    });
    // A leech notice stays until the student acts on it or the next one comes.
    this.showCard(next, { revealed: false, notice: this.state.notice?.leech ? this.state.notice : null });
    this.options
      .outbox()
      .addAnswer({
        course: this.options.course,
        card,
        rating,
        key,
        durationMs: spent,
        ...(requeueAt === null ? {} : { requeueAt: new Date(requeueAt).toISOString() }),
      })
      .catch(() => this.set({ notice: { text: "This device could not store your answer. Check that the browser allows site storage." } }));
  }

  async undo() {
    const { session: next, undone } = undoLast(this.state.session, { versionUnknown: true });
    if (!undone) return;
    const totals = this.state.totals;
    const firstTime = undone.card.queue === "new" && !undone.card.previewsStale ? 1 : 0;
    this.setTotals({
      ...totals,
      reviewed: Math.max(0, totals.reviewed - 1),
      again: Math.max(0, totals.again - (undone.rating === 1 ? 1 : 0)),
      firstTime: Math.max(0, totals.firstTime - firstTime),
    });
    this.commit(next, { revealed: false, notice: null, announcement: `Answer taken back. ${undone.card.prompt}` });
    this.shownAt = this.options.now();
    this.options.onFocus("reveal");
    const where = await this.options.outbox().undoAnswer(undone.key);
    if (where !== "server") {
      // The server never saw that answer: the card's version is what it was.
      this.commit(applyServerState(this.state.session, undone.card.id, undone.card.version, "undo"));
    }
  }

  /** Sets the card on screen aside (the page asked the student to confirm first). */
  async suspend() {
    const card = this.state.session.current;
    if (!card || this.state.phase !== "ready") return;
    if (!this.options.isOnline()) {
      this.set({ notice: { text: "Suspending a card needs a connection. Try again when you are online." } });
      return;
    }
    try {
      await this.cardAction(card.id, "suspend");
    } catch {
      this.set({ notice: { text: "The card could not be suspended. Try again in a moment." } });
      return;
    }
    const session = this.state.session;
    const next = dropCurrent(
      { ...session, main: session.main.filter((entry) => entry.id !== card.id), requeue: session.requeue.filter((entry) => entry.card.id !== card.id) },
      this.options.now(),
    );
    this.showCard(next, { revealed: false, notice: { text: "Card suspended: find it on the Cards page to bring it back.", unsuspend: card.id } });
  }

  async unsuspend(cardId: string) {
    try {
      await this.cardAction(cardId, "unsuspend");
      this.set({ notice: { text: "Card unsuspended: it will come up when it is due." } });
    } catch {
      this.set({ notice: { text: "The card could not be unsuspended. Try again in a moment." } });
    }
  }

  /** "Keep studying": the leech is unsuspended and comes back in this session when its step is due. */
  async keepStudying(leech: LeechNotice) {
    try {
      const { card: state } = (await this.cardAction(leech.card.id, "unsuspend")) as { card: { state: string; due: string; version: number } };
      const hadCard = this.state.session.current !== null;
      const next = applyAnswerResult(
        this.state.session,
        { key: leech.key, card: leech.card, state: state.state, due: state.due, version: state.version },
        this.options.now(),
      );
      this.commit(next, { notice: { text: "Kept in study: the card comes back when its step is due." } });
      if (next.current && !hadCard) this.announceNew(next);
    } catch {
      const notice = this.state.notice;
      if (notice) this.set({ notice: { ...notice, text: "The card could not be unsuspended. Try again in a moment." } });
    }
  }

  /** Fetches paragraphs the source sheet lacks (offline, the sheet shows the card's quote instead). */
  requestParagraphs(anchors: string[]) {
    void this.fetchParagraphs(anchors).then(
      (more) => this.addParagraphs(more),
      () => undefined,
    );
  }

  /** A fresh queue merged into the session (more cards, up-to-date learning cards), in the background. */
  async refresh(options: { initial?: boolean } = {}) {
    // Extra study is the set of cards asked for: a fresh fetch would add more than the student chose.
    if (this.refreshing || !this.options.isOnline() || this.options.extra) return;
    const generation = this.generation;
    this.refreshing = true;
    try {
      const outbox = this.options.outbox();
      const sentAt = this.options.now();
      const queue = await this.fetchQueue(null);
      if (generation !== this.generation) return;
      outbox.learnClock(queue.generatedAt, (sentAt + this.options.now()) / 2);
      this.lastRefresh = this.options.now();
      void this.keepQueue(queue).catch(() => undefined);
      const entries = await outbox.entries(this.options.course);
      if (generation !== this.generation) return;
      const pending = new Set(entries.flatMap((entry) => (entry.kind === "answer" && entry.status === "pending" ? [entry.cardId] : [])));
      const hadCard = this.state.session.current !== null;
      const next = mergeFresh(this.state.session, queue.cards, pending, this.keep, this.options.now(), queue.generatedAt);
      this.commit(next);
      if (next.current && !hadCard) this.announceNew(next);
    } catch (error) {
      // The page's first fetch finds a session that ended, as it always did: off to sign in.
      if (options.initial && error instanceof SignedOutError) this.options.onSignedOut();
      // Otherwise offline or the server is busy: the session goes on with what it has.
    } finally {
      this.refreshing = false;
    }
  }

  /**
   * Load: the queue the page brought (online), else the network queue if it answers, else the one
   * saved on this device (or the page's, if newer); then drop the cards already answered here (their
   * answers may still be in the outbox). Only then is the card shown (if the inline script held it)
   * and can it be answered.
   */
  private async load(generation: number) {
    const { options } = this;
    const outbox = options.outbox();
    const all = await outbox.entries().catch((): OutboxEntry[] => []);
    options.marks.write(all);
    const entries = all.filter((entry) => entry.course === options.course);
    if (generation !== this.generation) return;
    this.set({ totals: parseTally(options.tallies.read(this.tallyKey), options.now()) });
    let queue: QueueDto | null = null;
    let fromPage = false;
    if (options.initialQueue && options.isOnline()) {
      queue = options.initialQueue;
      fromPage = true;
    } else {
      try {
        const sentAt = options.now();
        queue = await this.fetchQueue(options.extra);
        outbox.learnClock(queue.generatedAt, (sentAt + options.now()) / 2);
        this.lastRefresh = options.now();
        // The copy kept for offline use is today's queue, never extra study.
        if (!options.extra) void this.keepQueue(queue).catch(() => undefined);
      } catch (error) {
        if (error instanceof SignedOutError) {
          if (generation === this.generation) options.onSignedOut();
          return;
        }
        const saved = options.extra ? undefined : await options.savedQueues.load(options.userId, options.course).catch(() => undefined);
        if (saved?.paragraphs) this.addParagraphs(saved.paragraphs);
        queue = saved?.queue ?? null;
        // This page's own queue (a copy the service worker kept) when it is newer than the saved one.
        const own = options.initialQueue;
        if (own && (!queue || Date.parse(own.generatedAt) > Date.parse(queue.generatedAt))) queue = own;
      }
    }
    if (generation !== this.generation) return;
    if (!queue) {
      this.set({ phase: "unavailable" });
      options.marks.releaseHold();
      return;
    }
    const started = startSession(queue.cards, queue.generatedAt, entries, options.now(), this.keep);
    this.state = { ...this.state, phase: "ready" };
    // Then, as before the page brought its queue: a fresh one (the clock, the copy kept for offline
    // use, cards added since). Started first, so it is the refresh that may send a signed-out student
    // to sign in (the prefetch the new session triggers finds one already running).
    if (fromPage) void this.refresh({ initial: true });
    this.showCard(started, {});
    options.marks.releaseHold();
  }

  /** What the server said about answers and undos: versions for the cards still held. */
  private onResult(result: SendResult) {
    if (result.entry.course !== this.options.course) return;
    if (result.kind === "answer" && result.outcome === "applied") {
      const update = {
        key: result.entry.key,
        card: result.entry.card,
        state: result.card.state,
        due: result.card.due,
        version: result.card.version,
        suspended: result.card.suspended,
      };
      const hadCard = this.state.session.current !== null;
      const next = applyAnswerResult(this.state.session, update, this.options.now());
      const leech = result.card.suspended ? result.entry.card : undefined;
      this.commit(
        next,
        leech
          ? {
              notice: {
                text: `You have forgotten this card ${result.card.lapses} times, so it is now a leech and is suspended. Reading its passage again may help; rewording it in your own words does too.`,
                leech: { card: leech, key: result.entry.key, passage: this.state.paragraphs[leech.source.anchor] ?? leech.source.quote },
              },
            }
          : {},
      );
      if (leech && !next.current) this.options.onFocus("summary");
      if (next.current && !hadCard) this.announceNew(next);
    } else if (result.kind === "undo" && result.outcome === "undone") {
      this.commit(applyServerState(this.state.session, result.cardId, result.card.version, "undo"));
    } else if (result.outcome === "rejected") {
      this.set({ notice: { text: `An answer was not saved: ${result.message}` } });
    }
  }

  /** A new session value on screen: announced, timed and focused as the next card (or the summary). */
  private showCard(next: Session, extra: Partial<ReviewState>) {
    const card = next.current;
    this.commit(next, { ...extra, announcement: card ? `New card, ${remaining(next)} left. ${card.prompt}` : "Session complete." });
    this.shownAt = this.options.now();
    this.options.onFocus(card ? "reveal" : "summary");
  }

  private announceNew(next: Session) {
    const card = next.current;
    this.set({ announcement: card ? `New card, ${remaining(next)} left. ${card.prompt}` : "Session complete." });
    this.shownAt = this.options.now();
    this.options.onFocus("reveal");
  }

  /** Every session change goes through here, so the follow-ups (prefetch, timers, forecast) see it. */
  private commit(session: Session, extra: Partial<ReviewState> = {}) {
    this.set({ ...extra, session });
    this.afterSessionChange();
  }

  private set(change: Partial<ReviewState>) {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }

  private setTotals(totals: SessionTotals) {
    try {
      this.options.tallies.write(this.tallyKey, JSON.stringify(totals));
    } catch {
      // Private mode without storage: the tally lives only in memory.
    }
    this.set({ totals });
  }

  private afterSessionChange() {
    if (!this.running || this.state.phase !== "ready") return;
    const { session } = this.state;
    const now = this.options.now();
    // Prefetch ahead: when few cards are left, or a learning card came back with old labels.
    const stale = session.current?.previewsStale || session.current?.versionUnknown;
    const runningLow = session.main.length < 5 && now - this.lastRefresh > REFRESH_EVERY_MS;
    if (stale || runningLow) void this.refresh();
    this.scheduleWake();
    this.watchTomorrow();
  }

  /** Learning cards waiting for their time: wake up when the next one is due (or close enough). */
  private scheduleWake() {
    this.cancelWake?.();
    this.cancelWake = null;
    const { session } = this.state;
    if (session.current || session.requeue.length === 0) return;
    const next = Math.min(...session.requeue.map((entry) => entry.showAt));
    const delay = Math.max(0, next - LEARN_AHEAD_MS - this.options.now()) + 50;
    this.cancelWake = this.options.schedule(
      () => {
        this.cancelWake = null;
        const hadCard = this.state.session.current !== null;
        const advanced = advance(this.state.session, this.options.now());
        this.commit(advanced);
        if (advanced.current && !hadCard) this.announceNew(advanced);
      },
      Math.min(delay, 2 ** 31 - 1),
    );
  }

  /** The summary's "due tomorrow": the server's forecast once every answer is in. */
  private watchTomorrow() {
    const { session } = this.state;
    const finished = !session.current;
    if (!finished) {
      this.tomorrowWatch?.stop();
      this.tomorrowWatch = null;
      return;
    }
    if (this.tomorrowWatch?.historyLength === session.history.length) return;
    this.tomorrowWatch?.stop();
    let asked = false;
    let stopped = false;
    const generation = this.generation;
    const unsubscribe = this.options.outbox().subscribe((summary) => {
      if (asked || stopped || summary.pending > 0 || !this.options.isOnline()) return;
      asked = true;
      void (async () => {
        try {
          const response = await this.options.fetch(`/api/courses/${encodeURIComponent(this.options.course)}/stats`, { cache: "no-store" });
          if (!response.ok) return;
          const stats = (await response.json()) as { forecast: number[] };
          if (!stopped && generation === this.generation) this.set({ serverTomorrow: stats.forecast[1] ?? 0 });
        } catch {
          // Keep the estimate.
        }
      })();
    });
    this.tomorrowWatch = {
      historyLength: session.history.length,
      stop: () => {
        stopped = true;
        unsubscribe();
      },
    };
  }

  private addParagraphs(more: Record<string, string>) {
    const known = this.state.paragraphs;
    if (Object.keys(more).every((anchor) => anchor in known)) return;
    this.set({ paragraphs: { ...known, ...more } });
  }

  /** Keeps a fetched queue on this device with the paragraphs its cards cite (fetching those missing). */
  private async keepQueue(queue: QueueDto) {
    const missing = missingAnchors(queue, this.state.paragraphs);
    if (missing.length) this.addParagraphs(await this.fetchParagraphs(missing).catch(() => ({})));
    await this.options.savedQueues.save(this.options.userId, {
      id: this.options.course,
      savedAt: new Date(this.options.now()).toISOString(),
      queue,
      paragraphs: paragraphsOf(queue, this.state.paragraphs),
    });
  }

  private async fetchQueue(extra: ExtraStudy | null): Promise<QueueDto> {
    const { course, lesson } = this.options;
    const abort = new AbortController();
    const cancel = this.options.schedule(() => abort.abort(), QUEUE_TIMEOUT_MS);
    const query = new URLSearchParams({ course, limit: String(extra ? extraLimit(extra) : QUEUE_LIMIT) });
    if (extra) query.set("extra", extra);
    if (extra && lesson) query.set("lesson", lesson.key);
    try {
      const response = await this.options.fetch(`/api/review/queue?${query}`, { cache: "no-store", credentials: "same-origin", signal: abort.signal });
      if (response.status === 401) throw new SignedOutError();
      if (!response.ok) throw new Error(`queue ${response.status}`);
      return (await response.json()) as QueueDto;
    } finally {
      cancel();
    }
  }

  private async fetchParagraphs(anchors: string[]): Promise<Record<string, string>> {
    if (!anchors.length) return {};
    const response = await this.options.fetch(
      `/api/courses/${encodeURIComponent(this.options.course)}/source?anchors=${encodeURIComponent(anchors.join(","))}`,
      { credentials: "same-origin" },
    );
    if (!response.ok) throw new Error(`source ${response.status}`);
    const body = (await response.json()) as { paragraphs: { anchor: string; text: string }[] };
    return Object.fromEntries(body.paragraphs.map((paragraph) => [paragraph.anchor, paragraph.text]));
  }

  private async cardAction(cardId: string, action: "suspend" | "unsuspend"): Promise<unknown> {
    const response = await this.options.fetch("/api/review/card", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ cardId, action }),
    });
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }
}
