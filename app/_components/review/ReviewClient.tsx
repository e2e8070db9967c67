"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { LEARN_AHEAD_MS, QUEUE_LIMIT, RATING_LABELS, RATING_NAMES, RATINGS } from "@/lib/contracts";
import { getOutbox } from "@/lib/offline/client";
import { PROVISIONAL_ATTRIBUTE, releaseHold, shouldHold, writeMarks } from "@/lib/offline/marks";
import {
  advance,
  answerCurrent,
  applyAnswerResult,
  applyServerState,
  dropCurrent,
  emptySession,
  mergeFresh,
  extraLimit,
  remaining,
  requeueTime,
  startSession,
  undoLast,
  type Session,
} from "@/lib/offline/session";
import { loadQueue, saveQueue } from "@/lib/offline/store";
import type { OutboxEntry, QueueCardDto, QueueDto, Rating, SessionCard } from "@/lib/offline/types";
import { CardFace } from "./CardFace";
import { citedPassages } from "@/lib/courses/quote";
import { SourceSheet } from "./SourceSheet";
import styles from "./review.module.css";

type Props = {
  userId: string;
  course: string;
  courseTitle: string;
  lesson: { key: string; title: string; id: string } | null;
  sourceTitle: string;
  /** The source paragraphs the initial queue's cards cite, by anchor. */
  paragraphs: Record<string, string>;
  /** Today's queue read by the server for this page (null when it could not be read). */
  initialQueue: QueueDto | null;
  /** Shown under a finished session's summary: the study-reminder suggestion, until the student has chosen. */
  afterSession?: ReactNode;
  /** Extra study (cards not due yet, or new cards beyond today's limit), or null for today's queue. */
  extra: "ahead" | "new" | null;
};

const REFRESH_EVERY_MS = 30_000;
/** Time on one card counted towards "time spent" at most (a card left open over lunch is not study). */
const MAX_CARD_MS = 5 * 60_000;

/** `again`: answers that were Again; `firstTime`: cards answered for the first time (new cards). */
type Totals = { startedAt: number; reviewed: number; spentMs: number; again: number; firstTime: number };

function totalsKey(course: string, lessonKey: string | undefined, extra: string | null) {
  return `retain-session:${course}:${lessonKey ?? "*"}${extra ? `:${extra}` : ""}`;
}

function readTotals(key: string): Totals {
  try {
    const stored = JSON.parse(sessionStorage.getItem(key) ?? "null") as Totals | null;
    // A tally from hours ago belongs to an earlier session.
    if (stored && typeof stored.reviewed === "number" && Date.now() - stored.startedAt < 6 * 60 * 60_000) {
      return { ...stored, again: stored.again ?? 0, firstTime: stored.firstTime ?? 0 };
    }
  } catch {
    // A broken value starts a new tally.
  }
  return { startedAt: Date.now(), reviewed: 0, spentMs: 0, again: 0, firstTime: 0 };
}

class SignedOutError extends Error {}

function extraHref(course: string, lessonKey: string | undefined, extra: "ahead" | "new") {
  return `/courses/${course}/review?${lessonKey ? `lesson=${encodeURIComponent(lessonKey)}&` : ""}extra=${extra}`;
}

const noSubscription = () => () => {};

function keepFor(lessonId: string | undefined) {
  return (card: QueueCardDto) => !lessonId || card.lessonId === lessonId;
}

/** Paragraphs a queue's cards cite that `known` lacks. */
function missingAnchors(queue: QueueDto, known: Record<string, string>): string[] {
  return [...new Set(queue.cards.flatMap((card) => citedPassages(card).map((passage) => passage.anchor)))].filter((anchor) => !(anchor in known));
}

async function fetchParagraphs(course: string, anchors: string[]): Promise<Record<string, string>> {
  if (!anchors.length) return {};
  const response = await fetch(`/api/courses/${encodeURIComponent(course)}/source?anchors=${encodeURIComponent(anchors.join(","))}`, {
    credentials: "same-origin",
  });
  if (!response.ok) throw new Error(`source ${response.status}`);
  const body = (await response.json()) as { paragraphs: { anchor: string; text: string }[] };
  return Object.fromEntries(body.paragraphs.map((paragraph) => [paragraph.anchor, paragraph.text]));
}

/** The cited paragraphs of a queue, to keep with it in IndexedDB. */
function paragraphsOf(queue: QueueDto, known: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const { anchor } of queue.cards.flatMap(citedPassages)) {
    const text = known[anchor];
    if (text !== undefined) kept[anchor] = text;
  }
  return kept;
}

async function fetchQueue(course: string, extra: "ahead" | "new" | null = null, lessonKey?: string): Promise<QueueDto> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 8000);
  const query = new URLSearchParams({ course, limit: String(extra ? extraLimit(extra) : QUEUE_LIMIT) });
  if (extra) query.set("extra", extra);
  if (extra && lessonKey) query.set("lesson", lessonKey);
  try {
    const response = await fetch(`/api/review/queue?${query}`, {
      cache: "no-store",
      credentials: "same-origin",
      signal: controller.signal,
    });
    if (response.status === 401) throw new SignedOutError();
    if (!response.ok) throw new Error(`queue ${response.status}`);
    return (await response.json()) as QueueDto;
  } finally {
    clearTimeout(timer);
  }
}

function formatDuration(ms: number) {
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return minutes > 0 ? `${minutes} min ${seconds} s` : `${seconds} s`;
}

function formatTime(ms: number) {
  return new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" }).format(ms);
}

/** Local midnight-to-midnight bounds of tomorrow on this device. */
function tomorrowBounds(now: number): [number, number] {
  const start = new Date(now);
  start.setHours(24, 0, 0, 0);
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  return [start.getTime(), end.getTime()];
}

export function ReviewClient({ userId, course, courseTitle, lesson, sourceTitle, paragraphs: initialParagraphs, initialQueue, afterSession, extra }: Props) {
  // The server-rendered session: the page's queue as it came. "provisional" until the outbox has
  // been read (nothing can be answered before), then "ready" as if it had been fetched.
  const [session, setSession] = useState<Session>(() =>
    initialQueue ? startSession(initialQueue.cards, initialQueue.generatedAt, [], 0, keepFor(lesson?.id)) : emptySession,
  );
  const [phase, setPhase] = useState<"loading" | "provisional" | "ready" | "unavailable">(initialQueue ? "provisional" : "loading");
  const [paragraphs, setParagraphs] = useState(initialParagraphs);
  const paragraphsRef = useRef(initialParagraphs);
  const phaseRef = useRef(phase);
  // The inline script hides a held card in the server's HTML; after a client-side navigation it does
  // not run, so the same rule is applied here (false while hydrating, so the markup matches).
  const heldHere = useSyncExternalStore(
    noSubscription,
    () => (initialQueue ? shouldHold(userId, course, initialQueue.generatedAt) : false),
    () => false,
  );
  const [revealed, setRevealed] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const [notice, setNotice] = useState<{
    text: string;
    unsuspend?: string;
    /** A card the last answer made a leech: its passage, and a way to keep studying it. */
    leech?: { card: SessionCard; key: string; passage: string };
  } | null>(null);
  const [sheetOpen, setSheetOpen] = useState(false);
  const [totals, setTotals] = useState<Totals>({ startedAt: 0, reviewed: 0, spentMs: 0, again: 0, firstTime: 0 });
  const [confirmingSuspend, setConfirmingSuspend] = useState(false);
  const [serverTomorrow, setServerTomorrow] = useState<number | null>(null);
  const router = useRouter();
  const [, setTick] = useState(0);

  const sessionRef = useRef(session);
  /** Every change goes through here, so handlers, timers and server replies all see the latest session. */
  const commit = useCallback((change: (current: Session) => Session) => {
    const next = change(sessionRef.current);
    sessionRef.current = next;
    setSession(next);
    return next;
  }, []);
  const revealedRef = useRef(revealed);
  const shownAtRef = useRef(0);
  const lastRefreshRef = useRef(0);
  const refreshingRef = useRef(false);
  const cardRef = useRef<HTMLDivElement>(null);
  const answerRef = useRef<HTMLDivElement>(null);
  const revealButtonRef = useRef<HTMLButtonElement>(null);
  const focusAfterRender = useRef<"reveal" | "answer" | "summary" | null>(null);
  const summaryRef = useRef<HTMLHeadingElement>(null);

  const lessonId = lesson?.id;
  const storageKey = totalsKey(course, lesson?.key, extra);
  const keep = useMemo(() => keepFor(lessonId), [lessonId]);

  useEffect(() => {
    revealedRef.current = revealed;
    phaseRef.current = phase;
  });

  /** Paragraphs learnt from the network or IndexedDB join those the page brought. */
  const addParagraphs = useCallback((more: Record<string, string>) => {
    if (Object.keys(more).every((anchor) => anchor in paragraphsRef.current)) return;
    paragraphsRef.current = { ...paragraphsRef.current, ...more };
    setParagraphs(paragraphsRef.current);
  }, []);

  /** Keeps a fetched queue on this device with the paragraphs its cards cite (fetching those missing). */
  const keepQueue = useCallback(
    async (queue: QueueDto) => {
      const missing = missingAnchors(queue, paragraphsRef.current);
      if (missing.length) addParagraphs(await fetchParagraphs(course, missing).catch(() => ({})));
      await saveQueue(userId, { id: course, savedAt: new Date().toISOString(), queue, paragraphs: paragraphsOf(queue, paragraphsRef.current) });
    },
    [userId, course, addParagraphs],
  );

  const updateTotals = useCallback(
    (change: (totals: Totals) => Totals) => {
      setTotals((previous) => {
        const next = change(previous);
        try {
          sessionStorage.setItem(storageKey, JSON.stringify(next));
        } catch {
          // Private mode without storage: the tally lives only in memory.
        }
        return next;
      });
    },
    [storageKey],
  );

  const announceCard = useCallback((next: Session) => {
    const card = next.current;
    const left = remaining(next);
    setAnnouncement(card ? `New card, ${left} left. ${card.prompt}` : "Session complete.");
    shownAtRef.current = Date.now();
  }, []);

  /** A fresh queue merged into the session (more cards, up-to-date learning cards), in the background. */
  const refresh = useCallback(
    async (options: { initial?: boolean } = {}) => {
      // Extra study is the set of cards asked for: a fresh fetch would add more than the student chose.
      if (refreshingRef.current || !navigator.onLine || extra) return;
      refreshingRef.current = true;
      try {
        const box = getOutbox(userId);
        const sentAt = Date.now();
        const queue = await fetchQueue(course);
        box.learnClock(queue.generatedAt, (sentAt + Date.now()) / 2);
        lastRefreshRef.current = Date.now();
        void keepQueue(queue).catch(() => undefined);
        const entries = await box.entries(course);
        const pending = new Set(entries.flatMap((entry) => (entry.kind === "answer" && entry.status === "pending" ? [entry.cardId] : [])));
        const hadCard = sessionRef.current.current !== null;
        const next = commit((current) => mergeFresh(current, queue.cards, pending, keep, Date.now(), queue.generatedAt));
        if (next.current && !hadCard) {
          announceCard(next);
          focusAfterRender.current = "reveal";
        }
      } catch (error) {
        // The page's first fetch finds a session that ended, as it always did: off to sign in.
        if (options.initial && error instanceof SignedOutError) {
          router.replace(`/signin?callbackUrl=${encodeURIComponent(location.pathname + location.search)}`);
        }
        // Otherwise offline or the server is busy: the session goes on with what it has.
      } finally {
        refreshingRef.current = false;
      }
    },
    [userId, course, keep, announceCard, commit, keepQueue, router, extra],
  );

  // Load: the queue the page brought (online), else the network queue if it answers, else the one
  // saved on this device (or the page's, if newer); then drop the cards already answered here
  // (their answers may still be in the outbox). Only then is the card shown (if the inline script
  // held it) and can it be answered.
  useEffect(() => {
    let cancelled = false;
    const box = getOutbox(userId);
    void (async () => {
      const all = await box.entries().catch((): OutboxEntry[] => []);
      writeMarks(userId, all);
      const entries = all.filter((entry) => entry.course === course);
      if (!cancelled) setTotals(readTotals(storageKey));
      let queue: QueueDto | null = null;
      let fromPage = false;
      if (initialQueue && navigator.onLine) {
        queue = initialQueue;
        fromPage = true;
      } else {
        try {
          const sentAt = Date.now();
          queue = await fetchQueue(course, extra, lesson?.key);
          box.learnClock(queue.generatedAt, (sentAt + Date.now()) / 2);
          lastRefreshRef.current = Date.now();
          // The copy kept for offline use is today's queue, never extra study.
          if (!extra) void keepQueue(queue).catch(() => undefined);
        } catch (error) {
          if (error instanceof SignedOutError) {
            router.replace(`/signin?callbackUrl=${encodeURIComponent(location.pathname + location.search)}`);
            return;
          }
          const saved = extra ? undefined : await loadQueue(userId, course).catch(() => undefined);
          if (saved?.paragraphs) addParagraphs(saved.paragraphs);
          queue = saved?.queue ?? null;
          // This page's own queue (a copy the service worker kept) when it is newer than the saved one.
          if (initialQueue && (!queue || Date.parse(initialQueue.generatedAt) > Date.parse(queue.generatedAt))) queue = initialQueue;
        }
      }
      if (cancelled) return;
      if (!queue) {
        setPhase("unavailable");
        releaseHold();
        return;
      }
      const started = startSession(queue.cards, queue.generatedAt, entries, Date.now(), keep);
      commit(() => started);
      announceCard(started);
      setPhase("ready");
      phaseRef.current = "ready";
      releaseHold();
      focusAfterRender.current = started.current ? "reveal" : "summary";
      // Then, as before the page brought its queue: a fresh one (the clock, the copy kept for offline use, cards added since).
      if (fromPage) void refresh({ initial: true });
    })();
    return () => {
      cancelled = true;
    };
    // The page's queue is read once, on load: a later render with another prop must not restart the session.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [userId, course, keep, storageKey, announceCard, router, commit, refresh, keepQueue, addParagraphs, extra, lesson?.key]);

  // What the server said about answers and undos: versions for the cards still held.
  useEffect(() => {
    const box = getOutbox(userId);
    return box.onResult((result) => {
      if (result.entry.course !== course) return;
      if (result.kind === "answer" && result.outcome === "applied") {
        const update = {
          key: result.entry.key,
          card: result.entry.card,
          state: result.card.state,
          due: result.card.due,
          version: result.card.version,
          suspended: result.card.suspended,
        };
        const hadCard = sessionRef.current.current !== null;
        const next = commit((current) => applyAnswerResult(current, update, Date.now()));
        if (result.card.suspended && result.entry.card) {
          const leech = result.entry.card;
          setNotice({
            text: `You have forgotten this card ${result.card.lapses} times, so it is now a leech and is suspended. Reading its passage again may help; rewording it in your own words does too.`,
            leech: { card: leech, key: result.entry.key, passage: paragraphsRef.current[leech.source.anchor] ?? leech.source.quote },
          });
          if (!next.current) focusAfterRender.current = "summary";
        }
        if (next.current && !hadCard) {
          announceCard(next);
          focusAfterRender.current = "reveal";
        }
      } else if (result.kind === "undo" && result.outcome === "undone") {
        commit((current) => applyServerState(current, result.cardId, result.card.version, "undo"));
      } else if (result.outcome === "rejected") {
        setNotice({ text: `An answer was not saved: ${result.message}` });
      }
    });
  }, [userId, course, announceCard, commit]);

  // Prefetch ahead: when few cards are left, or a learning card came back with old labels.
  useEffect(() => {
    if (phase !== "ready") return;
    const stale = session.current?.previewsStale || session.current?.versionUnknown;
    const runningLow = session.main.length < 5 && Date.now() - lastRefreshRef.current > REFRESH_EVERY_MS;
    if (stale || runningLow) void refresh();
  }, [phase, session, refresh]);

  // Learning cards waiting for their time: wake up when the next one is due (or close enough).
  useEffect(() => {
    if (phase !== "ready" || session.current || session.requeue.length === 0) return;
    const next = Math.min(...session.requeue.map((entry) => entry.showAt));
    const delay = Math.max(0, next - LEARN_AHEAD_MS - Date.now()) + 50;
    const timer = window.setTimeout(() => {
      const hadCard = sessionRef.current.current !== null;
      const advanced = commit((current) => advance(current, Date.now()));
      if (advanced.current && !hadCard) {
        announceCard(advanced);
        focusAfterRender.current = "reveal";
      }
      setTick((tick) => tick + 1);
    }, Math.min(delay, 2 ** 31 - 1));
    return () => window.clearTimeout(timer);
  }, [phase, session, announceCard, commit]);

  // Focus follows the flow: the reveal button for a new card, the answer after revealing, the summary at the end.
  useEffect(() => {
    const target = focusAfterRender.current;
    if (!target) return;
    focusAfterRender.current = null;
    if (target === "reveal") revealButtonRef.current?.focus({ preventScroll: true });
    else if (target === "answer") answerRef.current?.focus({ preventScroll: true });
    else summaryRef.current?.focus({ preventScroll: true });
  });

  // The summary's "due tomorrow": the server's forecast once every answer is in, else this session's estimate.
  const finished = phase === "ready" && !session.current;
  useEffect(() => {
    if (!finished) return;
    let cancelled = false;
    let asked = false;
    const unsubscribe = getOutbox(userId).subscribe((summary) => {
      if (asked || summary.pending > 0 || !navigator.onLine) return;
      asked = true;
      void (async () => {
        try {
          const response = await fetch(`/api/courses/${encodeURIComponent(course)}/stats`, { cache: "no-store" });
          if (!response.ok) return;
          const stats = (await response.json()) as { forecast: number[] };
          if (!cancelled) setServerTomorrow(stats.forecast[1] ?? 0);
        } catch {
          // Keep the estimate.
        }
      })();
    });
    return () => {
      cancelled = true;
      unsubscribe();
    };
  }, [userId, finished, course, session.history.length]);
  const [tomorrowStart, tomorrowEnd] = tomorrowBounds(totals.startedAt || 0);
  const tomorrow =
    serverTomorrow !== null
      ? { count: serverTomorrow, estimate: false }
      : {
          count: session.history.filter((answered) => answered.dueAt !== null && answered.dueAt >= tomorrowStart && answered.dueAt < tomorrowEnd).length,
          estimate: true,
        };

  const reveal = useCallback(() => {
    const card = sessionRef.current.current;
    if (!card || revealedRef.current || phaseRef.current !== "ready") return;
    setRevealed(true);
    setAnnouncement(`Answer: ${card.answer}`);
    focusAfterRender.current = "answer";
  }, []);

  const answer = useCallback(
    (rating: Rating) => {
      const current = sessionRef.current;
      const card = current.current;
      if (!card || !revealedRef.current || phaseRef.current !== "ready") return;
      const now = Date.now();
      const key = crypto.randomUUID();
      const next = answerCurrent(current, rating, key, now);
      const requeueAt = card.previewsStale ? null : requeueTime(card, rating, now);
      const spent = Math.min(MAX_CARD_MS, Math.max(0, now - shownAtRef.current));
      commit(() => next);
      revealedRef.current = false;
      setRevealed(false);
      // A leech notice stays until the student acts on it or the next one comes.
      setNotice((shown) => (shown?.leech ? shown : null));
      announceCard(next);
      focusAfterRender.current = next.current ? "reveal" : "summary";
      const firstTime = card.queue === "new" && !card.previewsStale ? 1 : 0;
      updateTotals((totals) => ({
        ...totals,
        reviewed: totals.reviewed + 1,
        spentMs: totals.spentMs + spent,
        again: totals.again + (rating === 1 ? 1 : 0),
        firstTime: totals.firstTime + firstTime,
      }));
      setConfirmingSuspend(false);
      void getOutbox(userId)
        .addAnswer({
          course,
          card,
          rating,
          key,
          durationMs: spent,
          ...(requeueAt === null ? {} : { requeueAt: new Date(requeueAt).toISOString() }),
        })
        .catch(() => setNotice({ text: "This device could not store your answer. Check that the browser allows site storage." }));
    },
    [userId, course, announceCard, updateTotals, commit],
  );

  const undo = useCallback(async () => {
    const current = sessionRef.current;
    const { session: next, undone } = undoLast(current, { versionUnknown: true });
    if (!undone) return;
    commit(() => next);
    revealedRef.current = false;
    setRevealed(false);
    setNotice(null);
    setAnnouncement(`Answer taken back. ${undone.card.prompt}`);
    shownAtRef.current = Date.now();
    focusAfterRender.current = "reveal";
    const firstTime = undone.card.queue === "new" && !undone.card.previewsStale ? 1 : 0;
    updateTotals((totals) => ({
      ...totals,
      reviewed: Math.max(0, totals.reviewed - 1),
      again: Math.max(0, totals.again - (undone.rating === 1 ? 1 : 0)),
      firstTime: Math.max(0, totals.firstTime - firstTime),
    }));
    const where = await getOutbox(userId).undoAnswer(undone.key);
    if (where !== "server") {
      // The server never saw that answer: the card's version is what it was.
      commit((state) => applyServerState(state, undone.card.id, undone.card.version, "undo"));
    }
  }, [userId, updateTotals, commit]);

  const suspend = useCallback(async () => {
    const card = sessionRef.current.current;
    if (!card || phaseRef.current !== "ready") return;
    if (!navigator.onLine) {
      setNotice({ text: "Suspending a card needs a connection. Try again when you are online." });
      return;
    }
    try {
      const response = await fetch("/api/review/card", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ cardId: card.id, action: "suspend" }),
      });
      if (!response.ok) throw new Error(String(response.status));
    } catch {
      setNotice({ text: "The card could not be suspended. Try again in a moment." });
      return;
    }
    const next = dropCurrent(
      { ...sessionRef.current, main: sessionRef.current.main.filter((entry) => entry.id !== card.id), requeue: sessionRef.current.requeue.filter((entry) => entry.card.id !== card.id) },
      Date.now(),
    );
    commit(() => next);
    revealedRef.current = false;
    setRevealed(false);
    setNotice({ text: "Card suspended: find it on the Cards page to bring it back.", unsuspend: card.id });
    announceCard(next);
    focusAfterRender.current = next.current ? "reveal" : "summary";
  }, [announceCard, commit]);

  const unsuspend = useCallback(async (cardId: string) => {
    try {
      const response = await fetch("/api/review/card", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ cardId, action: "unsuspend" }),
      });
      if (!response.ok) throw new Error(String(response.status));
      setNotice({ text: "Card unsuspended: it will come up when it is due." });
    } catch {
      setNotice({ text: "The card could not be unsuspended. Try again in a moment." });
    }
  }, []);

  /** "Keep studying": the leech is unsuspended and comes back in this session when its step is due. */
  const keepStudying = useCallback(
    async (leech: { card: SessionCard; key: string }) => {
      try {
        const response = await fetch("/api/review/card", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ cardId: leech.card.id, action: "unsuspend" }),
        });
        if (!response.ok) throw new Error(String(response.status));
        const { card: state } = (await response.json()) as { card: { state: string; due: string; version: number } };
        const hadCard = sessionRef.current.current !== null;
        const next = commit((current) =>
          applyAnswerResult(current, { key: leech.key, card: leech.card, state: state.state, due: state.due, version: state.version }, Date.now()),
        );
        setNotice({ text: "Kept in study: the card comes back when its step is due." });
        if (next.current && !hadCard) {
          announceCard(next);
          focusAfterRender.current = "reveal";
        }
      } catch {
        setNotice((current) => (current ? { ...current, text: "The card could not be unsuspended. Try again in a moment." } : current));
      }
    },
    [announceCard, commit],
  );

  // Keys: Space/Enter reveal, 1–4 answer, Z undo. Not while typing or on a focused control.
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || sheetOpen) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable='true'], dialog")) return;
      const onControl = Boolean(target?.closest("button, a, summary"));
      if ((event.key === " " || event.key === "Enter") && !revealedRef.current) {
        if (onControl) return;
        event.preventDefault();
        reveal();
      } else if (event.key === " ") {
        // Anki's habit: Space once the answer shows answers Good (a focused button keeps its own Space).
        if (onControl) return;
        event.preventDefault();
        answer(3);
      } else if (/^[1-4]$/.test(event.key)) {
        if (!revealedRef.current) return;
        event.preventDefault();
        answer(Number(event.key) as Rating);
      } else if (event.key === "z" || event.key === "Z") {
        event.preventDefault();
        void undo();
      }
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [reveal, answer, undo, sheetOpen]);

  const card = session.current;
  const left = remaining(session);
  // The card fades in when it appears, but not the one the server rendered: it is the page's largest
  // paint, and an animation from opacity 0 would push that paint behind hydration. The element stays
  // from card to card, so the attribute stays until the card area goes away (summary) and comes back.
  const [entryAnimation, setEntryAnimation] = useState(!initialQueue);
  if (!card && !entryAnimation) setEntryAnimation(true);
  const answered = totals.reviewed;
  const total = answered + left;
  const canUndo = session.history.length > 0;
  const percent = total > 0 ? Math.round((answered / total) * 100) : 100;

  return (
    <div className={styles.review}>
      <div className={styles.topBar}>
        <div className={styles.titles}>
          <p className={styles.kicker}>
            <Link href={lesson ? `/courses/${course}/lessons/${lesson.key}` : `/courses/${course}`}>{courseTitle}</Link>
          </p>
          <h1 className={styles.heading}>
            {extra === "ahead" ? "Study ahead" : extra === "new" ? "Learn more" : "Review"}
            {lesson ? `: ${lesson.title}` : ""}
          </h1>
        </div>
      </div>
      {extra ? (
        <p className={styles.extraNote} data-testid="extra-note">
          {extra === "ahead"
            ? "Extra study: these cards are not due yet (nearest due first). Your answers count as real reviews and reschedule them from now."
            : "Extra study: new cards beyond today's limit. They start their learning steps like any new card."}
        </p>
      ) : null}

      <div
        className={styles.progress}
        role="progressbar"
        aria-label="Session progress"
        aria-valuemin={0}
        aria-valuemax={Math.max(total, 1)}
        aria-valuenow={answered}
        aria-valuetext={`${answered} answered, ${left} left`}
      >
        <div className={styles.progressFill} style={{ width: `${percent}%` }} />
      </div>
      <p className={styles.counts} data-testid="session-counts">
        {phase === "ready" ? `${answered} answered · ${left} left` : "\u00a0"}
      </p>

      <p className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>

      {notice ? (
        <div className={styles.notice} role="alert">
          <span>{notice.text}</span>
          {notice.leech ? (
            <>
              <blockquote className={styles.leechPassage} data-testid="leech-passage">
                {notice.leech.passage}
              </blockquote>
              <button type="button" className={styles.linkButton} onClick={() => void keepStudying(notice.leech!)}>
                Keep studying
              </button>
            </>
          ) : null}
          {notice.unsuspend ? (
            <button type="button" className={styles.linkButton} onClick={() => void unsuspend(notice.unsuspend!)}>
              Unsuspend
            </button>
          ) : null}
        </div>
      ) : null}

      {phase === "loading" ? <p className={styles.loading}>Loading your cards…</p> : null}

      {phase === "unavailable" ? (
        <div className={styles.summary}>
          <h2>Your cards are not on this device yet</h2>
          <p>Open this page once while online; after that it works offline too.</p>
        </div>
      ) : null}

      {card ? (
        // Until the outbox has been read, the server-rendered card is provisional: the page's inline
        // script may hide it (lib/offline/marks.ts), and nothing in it can be answered yet.
        <div
          className={styles.cardArea}
          {...(phase === "provisional" ? { [PROVISIONAL_ATTRIBUTE]: "" } : {})}
          style={phase === "provisional" && heldHere ? { visibility: "hidden" } : undefined}
        >
          <div
            ref={cardRef}
            className={styles.card}
            data-entry={entryAnimation ? undefined : "none"}
            data-testid="review-card"
            data-card-id={card.id}
            data-note-key={card.noteKey}
            data-revealed={revealed ? "true" : "false"}
            onClick={() => reveal()}
          >
            <p className={styles.cardMeta}>
              {card.queue === "new" ? "New card" : card.queue === "learning" ? "Learning" : "Review"}
              {card.kind === "cloze" ? " · fill in the blank" : ""}
            </p>
            <CardFace card={card} revealed={revealed} answerRef={answerRef} />
          </div>

          <div className={styles.tools}>
            <button type="button" className={styles.toolButton} onClick={() => setSheetOpen(true)} aria-haspopup="dialog">
              Show source
            </button>
            <button type="button" className={styles.toolButton} onClick={() => void undo()} disabled={!canUndo} aria-keyshortcuts="Z">
              Undo
            </button>
            <button type="button" className={styles.toolButton} onClick={() => setConfirmingSuspend(true)} aria-expanded={confirmingSuspend}>
              Suspend card
            </button>
          </div>
          {confirmingSuspend ? (
            <div className={styles.notice} role="group" aria-label="Suspend this card?">
              <span>Suspend this card? It leaves your reviews until you unsuspend it on the Cards page.</span>
              <button
                type="button"
                className={styles.linkButton}
                onClick={() => {
                  setConfirmingSuspend(false);
                  void suspend();
                }}
              >
                Suspend
              </button>
              <button type="button" className={styles.linkButton} onClick={() => setConfirmingSuspend(false)}>
                Keep it
              </button>
            </div>
          ) : null}

          <div className={styles.dock}>
            {revealed ? (
              <div className={styles.answers} role="group" aria-label="How well did you remember?">
                {RATINGS.map((rating) => {
                  const preview = card.previews[RATING_NAMES[rating]];
                  const label = card.previewsStale ? null : preview.label;
                  return (
                    <button
                      key={rating}
                      type="button"
                      className={`${styles.answer} ${styles[`answer${rating}`]}`}
                      onClick={() => answer(rating)}
                      aria-keyshortcuts={rating === 3 ? "3 Space" : String(rating)}
                    >
                      <span className={styles.answerName}>{RATING_LABELS[rating]}</span>
                      <span className={styles.answerInterval}>
                        {label ? <span className="visually-hidden">, next in </span> : null}
                        {label ?? "\u00a0"}
                      </span>
                    </button>
                  );
                })}
              </div>
            ) : (
              <button ref={revealButtonRef} type="button" className={styles.reveal} onClick={() => reveal()} aria-keyshortcuts="Space Enter">
                Show answer
              </button>
            )}
            <p className={styles.keys} aria-hidden="true">
              {revealed ? "Keys: 1 Again · 2 Hard · 3 or Space Good · 4 Easy · Z undo" : "Keys: Space or Enter to show · Z undo"}
            </p>
          </div>

          <SourceSheet
            open={sheetOpen}
            onClose={() => {
              setSheetOpen(false);
              // Back to the card's next step, so Space and 1–4 carry on where they left off.
              focusAfterRender.current = revealedRef.current ? "answer" : "reveal";
            }}
            sourceTitle={sourceTitle}
            passages={citedPassages(card).map((passage) => ({ ...passage, paragraph: paragraphs[passage.anchor] }))}
            onMissing={(anchors) => {
              // A card the page brought no passage for: ask for it (offline, the sheet shows the quote).
              void fetchParagraphs(course, anchors).then(addParagraphs, () => undefined);
            }}
          />
        </div>
      ) : null}

      {finished ? (
        <section className={styles.summary} aria-labelledby="summary-heading" data-testid="session-summary">
          <h2 id="summary-heading" ref={summaryRef} tabIndex={-1}>
            {totals.reviewed > 0 ? "Session complete" : extra ? "No extra cards here" : "Nothing to review right now"}
          </h2>
          <dl className={styles.summaryFigures}>
            <div>
              <dt>Cards reviewed</dt>
              <dd>{totals.reviewed}</dd>
            </div>
            <div>
              <dt>Accuracy</dt>
              <dd data-testid="summary-accuracy">
                {totals.reviewed > 0 ? `${Math.round(((totals.reviewed - totals.again) / totals.reviewed) * 100)}%` : "–"}
                <span className={styles.estimate}> not Again</span>
              </dd>
            </div>
            <div>
              <dt>Learned for the first time</dt>
              <dd data-testid="summary-first-time">{totals.firstTime}</dd>
            </div>
            <div>
              <dt>Time spent</dt>
              <dd>{formatDuration(totals.spentMs)}</dd>
            </div>
            <div>
              <dt>Due tomorrow</dt>
              <dd>
                {tomorrow.count}
                {tomorrow.estimate ? <span className={styles.estimate}> (from this session; more once synced)</span> : null}
              </dd>
            </div>
          </dl>
          {totals.reviewed > 0 ? afterSession : null}
          {session.requeue.length > 0 ? (
            <p>
              {session.requeue.length} card{session.requeue.length === 1 ? "" : "s"} still in learning come back at{" "}
              {formatTime(Math.min(...session.requeue.map((entry) => entry.showAt)))}. Keep this page open or come back then.
            </p>
          ) : null}
          <div className={styles.summaryActions}>
            <Link className={styles.secondary} href={extraHref(course, lesson?.key, "ahead")} data-testid="study-ahead">
              Study ahead
            </Link>
            <Link className={styles.secondary} href={extraHref(course, lesson?.key, "new")}>
              Learn 10 more
            </Link>
            {canUndo ? (
              <button type="button" className={styles.secondary} onClick={() => void undo()}>
                Undo last answer
              </button>
            ) : null}
            <Link className={styles.primary} href={`/courses/${course}`}>
              Back to the course
            </Link>
            <Link className={styles.secondary} href={`/courses/${course}/cards`}>
              Cards
            </Link>
            <Link className={styles.secondary} href={`/courses/${course}/stats`}>
              Statistics
            </Link>
          </div>
        </section>
      ) : null}
    </div>
  );
}
